// Unit tests of the worker's snapshot modules (run by tests/test_js_units.py: node --test).
import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import { SnapshotNotWorthIt, connectionReason, download, linkVerdict, worthFinishing, worthStarting }
  from "../../../calculator/web/snapshot-download.mjs";

// This build's figures, roughly: 9.4 MB snapshot, 2.3 MB on the wire; the ordinary boot's zip and wheel 0.65 MB.
const SNAPSHOT = { total: 9_400_000, transfer: 2_300_000, ordinary: 650_000, saved: 2.5, streams: 2 };
const MB = 1e6;

function afterOneSecondAt(wireBytesPerSecond) {
  // what the worker has read one second after the first byte, sharing the link with the wasm
  const decodedPerSecond = (wireBytesPerSecond / SNAPSHOT.streams) * (SNAPSHOT.total / SNAPSHOT.transfer);
  return { ...SNAPSHOT, received: decodedPerSecond, seconds: 1 };
}

test("the browser's own word on the connection", () => {
  assert.equal(connectionReason(undefined), "");
  assert.equal(connectionReason({ effectiveType: "4g", saveData: false }), "");
  assert.equal(connectionReason({ effectiveType: "4g", saveData: true }), "save-data");
  for (const type of ["slow-2g", "2g", "3g"]) assert.equal(connectionReason({ effectiveType: type }), "slow-connection");
});

test("the snapshot is finished on Fast 4G and given up on Slow 4G", () => {
  assert.equal(worthFinishing(afterOneSecondAt(9e6 / 8)), true);     // Fast 4G: 9 Mbps
  assert.equal(worthFinishing(afterOneSecondAt(1.6e6 / 8)), false);  // Slow 4G: 1.6 Mbps
  assert.equal(worthFinishing(afterOneSecondAt(100 * MB)), true);    // a desktop line
});

test("a snapshot that has arrived, or nothing measured yet, is kept", () => {
  assert.equal(worthFinishing({ ...SNAPSHOT, received: SNAPSHOT.total, seconds: 60 }), true);
  assert.equal(worthFinishing({ ...SNAPSHOT, received: 0, seconds: 1 }), true);
});

function serve(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// for a 2 MB file that compresses to 500 KB, against 100 KB for the ordinary boot
const CHOICE = { window_ms: 300, snapshot_transfer: 500_000, ordinary_transfer: 100_000,
  saved_seconds: SNAPSHOT.saved, streams: SNAPSHOT.streams };

test("download: a slow body is abandoned after the window, a quick one is read whole", async () => {
  const body = Buffer.alloc(2_000_000, 7);
  const server = await serve((request, response) => {
    response.writeHead(200, { "Content-Length": body.length });
    if (request.url === "/quick") return response.end(body);
    let at = 0;
    const drip = setInterval(() => {   // 10 KB every 100 ms: 20 s in all, ~8 s more than booting without it
      if (response.destroyed || at >= body.length) return clearInterval(drip);
      response.write(body.subarray(at, at + 10_000));
      at += 10_000;
    }, 100);
    response.on("close", () => clearInterval(drip));
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    const quick = await download(url + "quick", body.length, CHOICE);
    assert.equal(quick.length, body.length);
    await assert.rejects(download(url + "slow", body.length, CHOICE), (error) =>
      error instanceof SnapshotNotWorthIt && error.reason === "slow-download");
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

// Judged on the wasm before the snapshot is requested: this build's figures, roughly (gzip sizes,
// as the build states them: wasm 9.6 MB, 3.5 MB on the wire; snapshot 2.9 MB; ordinary 0.8 MB).
const WASM = { total: 9_600_000, transfer: 3_530_000 };
const CHOICE_BY_WASM = { window_ms: 1000, wasm_bytes: WASM.total, wasm_transfer: WASM.transfer,
  snapshot_transfer: 2_900_000, ordinary_transfer: 800_000, saved_seconds: 2.5, streams: 2 };

function wasmAfter(seconds, wireBytesPerSecond) {
  // the wasm alone on the link (served brotli: 2.77 MB for 9.6 MB)
  const received = wireBytesPerSecond * seconds * (WASM.total / 2_770_000);
  return { received, total: WASM.total, transfer: WASM.transfer, seconds, snapshot: 2_900_000, ordinary: 800_000,
    saved: 2.5, streams: 2 };
}

test("the wasm's arrival: the snapshot is requested on Fast 4G, not on Slow 4G", () => {
  assert.equal(worthStarting(wasmAfter(1, 9e6 / 8 * 0.9)), true);      // Fast 4G as DevTools sends it
  assert.equal(worthStarting(wasmAfter(1, 9e6 / 8 * 0.9 / 2)), true);  // ... sharing the link with the page
  assert.equal(worthStarting(wasmAfter(1, 1.6e6 / 8 * 0.9)), false);   // Slow 4G
  assert.equal(worthStarting(wasmAfter(0, 1)), true);                   // nothing measured yet
});

function fakeArrival() {
  return { since: 0, counting: 0, received: 0, ended: false, listeners: new Set() };
}

function arrive(arrival, bytes, at = 1) {
  if (!arrival.counting) arrival.counting = at;   // as the worker does on its first chunk
  arrival.received += bytes;
  arrival.listeners.forEach((listener) => listener());
}

test("linkVerdict: yes as soon as a fast link shows, no after the window on a slow one", async () => {
  let clock = 1000;
  const now = () => clock;
  const fast = fakeArrival();
  fast.since = 1000;
  const fastVerdict = linkVerdict(fast, CHOICE_BY_WASM, now);
  clock += 100;
  arrive(fast, 400_000, clock);   // 400 KB decoded in 0.1 s: a fast link, decided at once, long before the window
  assert.equal(await fastVerdict, true);
  assert.equal(fast.listeners.size, 0);

  // Slow: 20 KB decoded in 20 ms and nothing more, judged when the window (50 ms) is over.
  const slow = fakeArrival();
  slow.since = clock;
  const slowVerdict = linkVerdict(slow, { ...CHOICE_BY_WASM, window_ms: 50 }, now);
  clock += 20;
  arrive(slow, 20_000, clock - 300);   // read for 300 ms (past DRAIN_MS) by the time the window ends
  clock += 40;   // the window's timer fires with the clock past it
  assert.equal(await slowVerdict, false);
  assert.equal(slow.listeners.size, 0);
});

test("linkVerdict: waits for the wasm's response; one that ended, or failed, leaves it to the snapshot's download", async () => {
  const ended = { ...fakeArrival(), since: 1, ended: true };
  assert.equal(await linkVerdict(ended, CHOICE_BY_WASM, () => 2), true);
  const never = fakeArrival();   // its request failed before a response began
  let settled = null;
  const verdict = linkVerdict(never, CHOICE_BY_WASM, () => 2).then((v) => { settled = v; });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(settled, null);   // no response yet: nothing decided, whatever the time
  never.ended = true;
  arrive(never, 0);
  await verdict;
  assert.equal(settled, true);
});

test("linkVerdict: a worker that starts late first counts what arrived meanwhile", async () => {
  let clock = 1500;   // the wasm's response began 1.5 s before the worker could read it
  const now = () => clock;
  const fast = { ...fakeArrival(), since: 1 };
  const fastVerdict = linkVerdict(fast, CHOICE_BY_WASM, now);
  arrive(fast, 64_000, clock);       // its first chunk alone would look like a slow link
  arrive(fast, 3_000_000, clock);    // the rest of what arrived meanwhile, read at once
  assert.equal(await fastVerdict, true);

  const slow = { ...fakeArrival(), since: 1 };
  const slowVerdict = linkVerdict(slow, CHOICE_BY_WASM, now);
  arrive(slow, 64_000, clock);
  clock += 300;                      // read for longer than DRAIN_MS, and no more came
  assert.equal(await slowVerdict, false);
});

// Unit tests of the worker's snapshot modules (run by tests/test_js_units.py: node --test).
import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import { SnapshotNotWorthIt, connectionReason, download, worthFinishing } from "../../../calculator/web/snapshot-download.mjs";

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

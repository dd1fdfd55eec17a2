// Whether the memory snapshot pays for its bytes on this visitor's connection, and its download.
// The snapshot saves the seconds of processor time an ordinary boot spends starting Python, but
// costs more to download than the ordinary boot's files (its zip of the standard library and the
// rules wheel). On a slow link those extra bytes take longer than the boot they save. Decided
// from what the browser reports of the connection and from how fast the snapshot itself
// arrives, never by asking the visitor. Shipped beside worker.mjs in the runtime folder.

const SLOW_TYPES = new Set(["slow-2g", "2g", "3g"]);

/** Why to boot without the snapshot, from the browser's Network Information, or "" (none). */
export function connectionReason(connection) {
  if (!connection) return "";   // Safari and Firefox report nothing: the download itself decides
  if (connection.saveData) return "save-data";
  if (SLOW_TYPES.has(connection.effectiveType)) return "slow-connection";
  return "";
}

/**
 * Whether finishing the snapshot's download is quicker than booting without it.
 * received, total: the snapshot's bytes so far and in all, as the worker reads them (decoded);
 * seconds: since its first byte; transfer: its size on the wire (compressed);
 * ordinary: what the ordinary boot downloads instead (compressed); saved: the seconds of boot it
 * saves; streams: the downloads sharing the link meanwhile (the snapshot and the wasm).
 */
export function worthFinishing({ received, total, seconds, transfer, ordinary, saved, streams }) {
  if (received >= total) return true;
  if (received <= 0 || seconds <= 0) return true;   // nothing measured yet
  const ratio = transfer / total;                     // wire bytes per decoded byte
  const link = (received * ratio / seconds) * streams; // wire bytes per second
  const extra = (total - received) * ratio - ordinary;
  return extra / link < saved;
}

/**
 * Whether requesting the snapshot at all is quicker than booting without it, judged on the wasm,
 * which is requested first and has the link to itself for a while (shared with the page's own
 * files: `streams`). received, total, transfer: the wasm's bytes so far (decoded), in all, and
 * its size on the wire; seconds: since its response began; snapshot: the snapshot's size on the
 * wire; ordinary, saved: as for worthFinishing.
 */
export function worthStarting({ received, total, seconds, transfer, snapshot, ordinary, saved, streams }) {
  if (received <= 0 || seconds <= 0) return true;   // nothing measured yet
  const link = (received * (transfer / total) / seconds) * streams;
  return (snapshot - ordinary) / link < saved;
}

// Decoded bytes of the wasm after which a link found fast enough is trusted at once (about 70 KB
// on the wire): on a fast link that takes a tenth of a second; a slow one is judged over window_ms.
const SAMPLE_BYTES = 256 * 1024;
// How long the worker reads the wasm before it may call the link slow: a worker that starts late
// (a slow phone, its modules queued behind the page's) first reads what has arrived meanwhile,
// and must count all of it.
const DRAIN_MS = 250;

/**
 * Resolves true once the wasm's arrival shows the snapshot worth requesting, false once
 * `choice.window_ms` of it show it is not (the snapshot is then never requested: not a byte of it
 * is spent), true when the wasm has arrived whole first or cannot be measured (ended: read,
 * failed or uncountable). Waits for the wasm's response to begin.
 * arrival: { since (ms, the epoch clock: when the wasm's response began; 0 until then), counting
 * (when the worker read its first chunk; 0 until then), received, ended, listeners (a Set of
 * functions called when any of them changes) }, kept by the worker.
 * The sizes in choice are gzip's, as the build states them: served brotli, the wire rate is
 * overstated by about a quarter, which errs towards the snapshot (its own download then decides).
 */
export function linkVerdict(arrival, choice, now = () => performance.timeOrigin + performance.now()) {
  return new Promise((resolve) => {
    let timer = 0;
    const judge = () => {
      let verdict = null;
      if (arrival.ended) verdict = true;
      else if (arrival.since) {
        const elapsed = now() - arrival.since;
        const worth = worthStarting({ received: arrival.received, total: choice.wasm_bytes, seconds: elapsed / 1000,
          transfer: choice.wasm_transfer, snapshot: choice.snapshot_transfer, ordinary: choice.ordinary_transfer,
          saved: choice.saved_seconds, streams: choice.streams });
        const read = arrival.counting ? now() - arrival.counting : 0;
        if (worth && arrival.received >= SAMPLE_BYTES) verdict = true;
        else if (elapsed >= choice.window_ms && read >= DRAIN_MS) verdict = worth;
        else if (!timer && (arrival.counting || elapsed < choice.window_ms)) {
          // (before the worker's first chunk, past the window, that chunk calls judge itself)
          const wait = Math.max(choice.window_ms - elapsed, arrival.counting ? DRAIN_MS - read : 0);
          timer = setTimeout(() => { timer = 0; judge(); }, wait + 1);
        }
      }
      if (verdict === null) return;
      arrival.listeners.delete(judge);
      clearTimeout(timer);
      resolve(verdict);
    };
    arrival.listeners.add(judge);
    judge();
  });
}

export class SnapshotNotWorthIt extends Error {
  constructor(reason) {
    super(`预载快照在这个网络上不划算（${reason}），改用常规方式启动`);
    this.name = "SnapshotNotWorthIt";
    this.reason = reason;
  }
}

/**
 * The snapshot file's bytes, read as they arrive; abandoned (SnapshotNotWorthIt, the download
 * cancelled) once `choice.window_ms` after its first byte shows that finishing it is slower than
 * booting without it. A file that arrives whole within the window is always used.
 */
export async function download(url, size, choice, now = () => performance.now()) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (!response.ok) throw new Error(`${url.split("/").pop()} 无法获取（HTTP ${response.status}）`);
  if (!response.body || size <= 0) return new Uint8Array(await response.arrayBuffer());
  const bytes = new Uint8Array(size);
  const reader = response.body.getReader();
  let received = 0;
  let first = 0;
  let decided = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.length > size) {
      controller.abort();
      throw new Error(`${url.split("/").pop()} 比本次构建生成的文件大`);
    }
    bytes.set(value, received);
    received += value.length;
    const at = now();
    if (!first) first = at;
    if (!decided && at - first >= choice.window_ms && received < size) {
      decided = true;
      if (!worthFinishing({ received, total: size, seconds: (at - first) / 1000, transfer: choice.snapshot_transfer,
        ordinary: choice.ordinary_transfer, saved: choice.saved_seconds, streams: choice.streams })) {
        controller.abort();
        throw new SnapshotNotWorthIt("slow-download");
      }
    }
  }
  return received === size ? bytes : bytes.subarray(0, received);
}

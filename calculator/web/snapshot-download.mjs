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

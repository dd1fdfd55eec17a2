// The memory snapshot as shipped (snapshot.bin): only the 4 KiB pages of Pyodide's memory that
// hold a non-zero byte, after a table of where they go. Most of the 30 MiB heap is zero; without
// those pages the file a visitor's browser decompresses, checks and keeps for offline use is less
// than half as large. Packed at build time (sitebuild/pyodide_snapshot.mjs), unpacked by the
// worker (worker.mjs) before Pyodide restores it: one module for both, so the two cannot differ.
//
// Layout, little-endian 32-bit words: MAGIC, VERSION, memory length, run count, then per run
// its first page and page count; then the runs' pages, in order.
const MAGIC = 0x31504e53; // "SNP1"
const VERSION = 1;
const PAGE = 4096;
const WORD = 4;

function isZero(memory, start, end) {
  for (let i = start; i < end; i++) if (memory[i] !== 0) return false;
  return true;
}

/** Uint8Array of memory -> Uint8Array of its non-zero pages with their table. */
export function pack(memory) {
  const runs = [];
  const pages = Math.ceil(memory.length / PAGE);
  for (let page = 0; page < pages; page++) {
    if (isZero(memory, page * PAGE, Math.min((page + 1) * PAGE, memory.length))) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === page) last[1] += 1;
    else runs.push([page, 1]);
  }
  const header = (4 + 2 * runs.length) * WORD;
  let size = header;
  for (const [first, count] of runs) size += Math.min(count * PAGE, memory.length - first * PAGE);
  const out = new Uint8Array(size);
  const words = new DataView(out.buffer);
  [MAGIC, VERSION, memory.length, runs.length].forEach((value, i) => words.setUint32(i * WORD, value, true));
  let at = header;
  runs.forEach(([first, count], i) => {
    words.setUint32((4 + 2 * i) * WORD, first, true);
    words.setUint32((5 + 2 * i) * WORD, count, true);
    const bytes = memory.subarray(first * PAGE, Math.min((first + count) * PAGE, memory.length));
    out.set(bytes, at);
    at += bytes.length;
  });
  return out;
}

/** The packed file -> the memory it was made from; throws on anything but this layout. */
export function unpack(packed) {
  const words = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const word = (i) => {
    if ((i + 1) * WORD > packed.length) throw new Error("snapshot.bin 不完整");
    return words.getUint32(i * WORD, true);
  };
  if (word(0) !== MAGIC || word(1) !== VERSION) throw new Error("snapshot.bin 不是这个版本的格式");
  const length = word(2);
  const count = word(3);
  const memory = new Uint8Array(length);
  let at = (4 + 2 * count) * WORD;
  let end = 0;
  for (let i = 0; i < count; i++) {
    const first = word(4 + 2 * i);
    const start = first * PAGE;
    const stop = Math.min((first + word(5 + 2 * i)) * PAGE, length);
    if (start < end || stop <= start || at + stop - start > packed.length) throw new Error("snapshot.bin 的页表不对");
    memory.set(packed.subarray(at, at + stop - start), start);
    at += stop - start;
    end = stop;
  }
  if (at !== packed.length) throw new Error("snapshot.bin 的长度与页表不符");
  return memory;
}

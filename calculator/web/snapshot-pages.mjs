// The memory snapshot as shipped (snapshot.bin): only the 4 KiB pages of Pyodide's memory that
// differ from what instantiating pyodide.asm.wasm gives anyway (its data segments, zero elsewhere),
// after a table of where they go. Most of the 30 MiB heap is zero, and about 3 MB of the rest is
// the wasm's own static data, unchanged since instantiation: the visitor downloads that once, in
// the wasm. A shipped page among the wasm's data holds only what changed: it is stored XORed with
// the page instantiation gives (zero where nothing changed; 2% less to send, compressed). Packed
// at build time (sitebuild/runtime/pyodide_snapshot.mjs), unpacked by the worker (worker.mjs)
// before Pyodide restores it: one module for both, so the two cannot differ.
//
// Layout, little-endian 32-bit words: MAGIC, VERSION, snapshot length, Pyodide's header length,
// run count, XORed page count (the pages below it are stored XORed with the instantiated memory),
// then per run its first page and page count (pages of the memory, after the header); then the
// header's bytes, then the runs' pages, in order.
//
// The pages left out, and those stored XORed, can only be completed once the wasm is
// instantiated (the worker's memory is Pyodide's to create). unpack() therefore returns the
// snapshot with those pages still incomplete and Pyodide's magic number cleared, and a
// fill(memory) that completes them from the freshly instantiated memory and only then sets the
// magic number: a snapshot that was never filled is refused by Pyodide ("invalid magic number")
// and the worker boots the ordinary way.
const MAGIC = 0x33504e53; // "SNP3"
const VERSION = 3;
const PAGE = 4096;
const WORD = 4;
const TABLE = 6;   // words before the runs

function samePage(snapshot, base, at, start, end) {
  for (let i = start; i < end; i++) if (snapshot[at + i] !== (i < base.length ? base[i] : 0)) return false;
  return true;
}

/** Pyodide's snapshot (its header, then the memory), the instantiated memory -> the packed file. */
export function pack(snapshot, base) {
  const header = new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength).getUint32(WORD, true);
  const length = snapshot.length - header;
  const runs = [];
  for (let page = 0; page * PAGE < length; page++) {
    if (samePage(snapshot, base, header, page * PAGE, Math.min((page + 1) * PAGE, length))) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === page) last[1] += 1;
    else runs.push([page, 1]);
  }
  // The instantiated memory's last non-zero page ends the XORed ones (above it, XOR changes nothing).
  let dataEnd = base.length;
  while (dataEnd > 0 && base[dataEnd - 1] === 0) dataEnd--;
  const xorPages = Math.ceil(dataEnd / PAGE);
  const table = (TABLE + 2 * runs.length) * WORD;
  let size = table + header;
  for (const [first, count] of runs) size += Math.min(count * PAGE, length - first * PAGE);
  const out = new Uint8Array(size);
  const words = new DataView(out.buffer);
  [MAGIC, VERSION, snapshot.length, header, runs.length, xorPages].forEach((value, i) => words.setUint32(i * WORD, value, true));
  out.set(snapshot.subarray(0, header), table);
  let at = table + header;
  runs.forEach(([first, count], i) => {
    words.setUint32((TABLE + 2 * i) * WORD, first, true);
    words.setUint32((TABLE + 1 + 2 * i) * WORD, count, true);
    const start = first * PAGE;
    const bytes = snapshot.subarray(header + start, header + Math.min((first + count) * PAGE, length));
    out.set(bytes, at);
    for (let i = 0, end = Math.min(bytes.length, xorPages * PAGE - start, base.length - start); i < end; i++) {
      out[at + i] ^= base[start + i];
    }
    at += bytes.length;
  });
  return out;
}

/** The packed file -> { snapshot, fill(memory) }; throws on anything but this layout. */
export function unpack(packed) {
  const words = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const word = (i) => {
    if ((i + 1) * WORD > packed.length) throw new Error("snapshot.bin 不完整");
    return words.getUint32(i * WORD, true);
  };
  if (word(0) !== MAGIC || word(1) !== VERSION) throw new Error("snapshot.bin 不是这个版本的格式");
  const total = word(2);
  const header = word(3);
  const count = word(4);
  const xorEnd = word(5) * PAGE;   // the shipped bytes below it are stored XORed
  const length = total - header;
  const table = (TABLE + 2 * count) * WORD;
  if (header < 2 * WORD || header > total || table + header > packed.length) throw new Error("snapshot.bin 的表头不对");
  const snapshot = new Uint8Array(total);
  snapshot.set(packed.subarray(table, table + header));
  const magic = snapshot.slice(0, WORD);
  snapshot.fill(0, 0, WORD);
  const gaps = [];   // [start, end) of the memory that instantiation gives
  const xored = [];  // [start, end) of the shipped memory stored XORed with it
  let at = table + header;
  let end = 0;
  for (let i = 0; i < count; i++) {
    const start = word(TABLE + 2 * i) * PAGE;
    const stop = Math.min(start + word(TABLE + 1 + 2 * i) * PAGE, length);
    if (start < end || stop <= start || at + stop - start > packed.length) throw new Error("snapshot.bin 的页表不对");
    if (start > end) gaps.push([end, start]);
    if (start < xorEnd) xored.push([start, Math.min(stop, xorEnd)]);
    snapshot.set(packed.subarray(at, at + stop - start), header + start);
    at += stop - start;
    end = stop;
  }
  if (end < length) gaps.push([end, length]);
  if (at !== packed.length) throw new Error("snapshot.bin 的长度与页表不符");
  let filled = false;
  function fill(memory) {
    // A memory smaller than the snapshot cannot take it (pyodide/pyodide#6254): left unfilled,
    // the snapshot is refused by Pyodide and the worker boots the ordinary way.
    if (filled || length > memory.length) return;
    for (const [start, stop] of gaps) {
      if (start < memory.length) snapshot.set(memory.subarray(start, Math.min(stop, memory.length)), header + start);
    }
    for (const [start, stop] of xored) {
      for (let i = start; i < stop; i++) snapshot[header + i] ^= memory[i];
    }
    snapshot.set(magic, 0);
    filled = true;
  }
  return { snapshot, fill };
}

/** Calls onMemory(bytes) with the memory of the next wasm instance with an exported or imported
 * memory, the moment it is instantiated (before any of its code runs), whichever of
 * WebAssembly.instantiate / instantiateStreaming Pyodide uses. Returns a function that undoes it. */
export function watchInstantiation(onMemory) {
  const originals = { instantiate: WebAssembly.instantiate, instantiateStreaming: WebAssembly.instantiateStreaming };
  let done = false;
  const seen = (imports) => (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    const memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory) ||
      (imports && imports.env && imports.env.memory instanceof WebAssembly.Memory ? imports.env.memory : null);
    if (memory && !done) {
      done = true;
      onMemory(new Uint8Array(memory.buffer));
    }
    return result;
  };
  for (const name of Object.keys(originals)) {
    if (typeof originals[name] !== "function") continue;
    WebAssembly[name] = function (source, imports, ...rest) {
      return originals[name].call(WebAssembly, source, imports, ...rest).then(seen(imports));
    };
  }
  return () => Object.assign(WebAssembly, originals);
}

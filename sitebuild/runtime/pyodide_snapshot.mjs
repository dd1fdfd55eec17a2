// Build-time helper run with Node (called by sitebuild/runtime/snapshot.py, never shipped).
//
//   node pyodide_snapshot.mjs record|lean|make|check CONFIG.json   -> JSON into CONFIG's "result" file
//
// record: the ordinary boot (rules wheel through the lock file, as the worker's fallback does),
//         the corpus evaluated; prints which standard-library files Python read from the zip.
// lean:   those files without comments and docstrings, each proven to compile to the same code
//         at -OO (lean_sources.py, beside this file): what the shipped zips hold.
// make:   boots with the private _makeSnapshot option, writes the rules' files into site-packages
//         with the FS API (loadPackage before a snapshot breaks it: "Unexpected hiwire entry"),
//         imports and warms the rules, then empties their memo caches and drops the column
//         numbers from the line tables of all code but theirs (snapshot_heap.py), zeroes free
//         memory, writes the snapshot (the pages that instantiating the wasm does not give:
//         calculator/web/snapshot-pages.mjs); with fixed randomness and clocks, so the same
//         inputs make the same bytes (record and check read the same clock). It reports which
//         files of the zip the snapshot holds imported (the snapshot's own zip leaves them out).
// check:  restores the snapshot (with its own zip) and boots the ordinary way (with the trimmed
//         zip), both on the shipped files; prints the marker found in the snapshot and both runs'
//         envelopes for the Python side to compare.
// evaluate: restores the snapshot and evaluates the corpus (benchmarks/fuzz_snapshot.py).
//
// Pyodide's snapshot API is private (@ignore in its typings): every use of it is checked here and
// a missing piece stops the build with a message, instead of a site that always falls back.
import nodeCrypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
// The snapshot's shipped layout, the very module the worker reads it with.
import { pack, unpack, watchInstantiation } from "../../calculator/web/snapshot-pages.mjs";

const [command, configPath] = process.argv.slice(2);
const config = JSON.parse(fs.readFileSync(configPath, "utf-8"));
const { loadPyodide } = await import(pathToFileURL(path.join(config.pyodide, "pyodide.mjs")).href);

// The policy package's rules: distribution (wheel, lock entry) and import name, from the build.
const PACKAGE = config.distribution;
const MODULE = config.module;
const CORPUS_FILE = "/tmp/corpus.json";

function fail(message) {
  throw new Error(`[snapshot] ${message}`);
}

function baseOptions(extra) {
  const problems = [];
  return {
    indexURL: config.pyodide + path.sep,
    stdLibURL: config.stdlib,
    lockFileURL: config.lock,
    packageBaseUrl: path.dirname(config.lock) + path.sep,
    stdout: () => {},
    stderr: (line) => problems.push(line),
    ...extra,
  };
}

// The corpus goes in and the envelopes come out through the file system: a JS object handed to
// Python would leave a JsProxy behind, which a snapshot cannot hold.
function evaluateCorpus(pyodide, lines) {
  pyodide.FS.writeFile(CORPUS_FILE, JSON.stringify(lines));
  const out = pyodide.runPython(`
def _run():
    import json
    from ${MODULE} import evaluate_json
    with open(${JSON.stringify(CORPUS_FILE)}, encoding="utf-8") as f:
        return json.dumps([evaluate_json(line) for line in json.load(f)], ensure_ascii=False)
_run()`);
  pyodide.runPython("del _run");
  pyodide.FS.unlink(CORPUS_FILE);
  return JSON.parse(out);
}

// An error crossing into JavaScript, as the worker reports one: formatting its traceback imports
// more and reads source lines (evaluate_json itself never raises: it answers with a refusal).
function raiseThroughFfi(pyodide) {
  try {
    pyodide.runPython(`import ${MODULE}\nraise ValueError("raised by the snapshot check")`);
  } catch (error) {
    if (!String(error.message).includes("ValueError: raised by the snapshot check")) {
      fail(`a Python error lost its type or message: ${error.message}`);
    }
    return;
  }
  fail("a Python error did not reach JavaScript");
}

// A traceback's frames (file, line, function) for an error raised inside the standard library,
// as the worker would report it: the restored snapshot's line tables are slimmed
// (snapshot_heap.py), and must still give every frame's line.
function stdlibTracebackFrames(pyodide) {
  try {
    pyodide.runPython(`import json\njson.loads("[1, oops]")`);
  } catch (error) {
    return String(error.message).split("\n").filter((line) => /^ *File ".*", line \d+, in /.test(line))
      .map((line) => line.trim());
  }
  fail("json.loads of a broken text raised no error");
}

function zipModules(pyodide) {
  return JSON.parse(pyodide.runPython(`
import json, sys
json.dumps(sorted({str(getattr(m, "__file__", None) or "") for m in list(sys.modules.values())}))`))
    .filter((file) => file.includes(".zip/"))
    .map((file) => file.slice(file.indexOf(".zip/") + 5));
}

async function record() {
  fixedClock();
  const pyodide = await loadPyodide(baseOptions({ stdLibURL: config.fullStdlib }));
  await pyodide.loadPackage(PACKAGE, { messageCallback: () => {}, errorCallback: (m) => fail(m) });
  if (!pyodide.loadedPackages[PACKAGE]) fail(`loadPackage("${PACKAGE}") did not install the wheel`);
  pyodide.pyimport(MODULE);
  const envelopes = evaluateCorpus(pyodide, config.corpus);
  raiseThroughFfi(pyodide);
  return { files: zipModules(pyodide), envelopes };
}

// Python 3.14's own parser and compiler make and check the lean sources: the build machine's
// Python may be older than the syntax of the standard library Pyodide ships.
async function lean() {
  const pyodide = await loadPyodide(baseOptions({ stdLibURL: config.fullStdlib }));
  // where Pyodide puts stdLibURL
  return { files: runHelper(pyodide, "lean_sources.py", `lean_files("/lib/python314.zip", ${JSON.stringify(config.files)})`) };
}

function writeTree(FS, from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = `${to}/${entry.name}`;
    if (entry.isDirectory()) {
      FS.mkdirTree(target);
      writeTree(FS, source, target);
    } else {
      FS.writeFile(target, fs.readFileSync(source));
    }
  }
}

// Free memory holds whatever was there before (parsed source, freed objects): noise to a
// compressor. Zero it: the stack below its pointer, malloc's free chunks (taken all, with malloc
// capped at its present footprint so it cannot grow the heap, zeroed, given back) and the space
// above the break.
function zeroFreeMemory(M) {
  const heap = M.HEAPU8;
  heap.fill(0, M._emscripten_stack_get_end(), M._emscripten_stack_get_current() - 64);
  const limit = M._malloc_footprint_limit();
  M._malloc_set_footprint_limit(M._malloc_footprint());
  const blocks = [];
  for (let size = 1 << 24; size >= 8; size >>>= 1) {
    for (let p = M._malloc(size); p; p = M._malloc(size)) blocks.push([p, size]);
  }
  let zeroed = 0;
  for (const [p, size] of blocks) {
    heap.fill(0, p, p + size);
    zeroed += size;
  }
  for (const [p] of blocks) M._free(p);
  M._malloc_set_footprint_limit(limit);
  const brk = M.HEAPU32[M._emscripten_get_sbrk_ptr() >>> 2];
  heap.fill(0, brk, heap.length);
  return zeroed + (heap.length - brk);
}

// A build-time Python file beside this one (snapshot_heap.py, lean_sources.py), run inside
// Pyodide from a namespace of its own, so that nothing of it stays in the interpreter (nor in a
// snapshot taken after): call, a Python expression over its names, gives the JSON returned.
const HELPER_DIR = "/tmp/build-helper";
function runHelper(pyodide, file, call) {
  const where = `${HELPER_DIR}/${file}`;
  pyodide.FS.mkdirTree(HELPER_DIR);
  pyodide.FS.writeFile(where, fs.readFileSync(new URL(`./${file}`, import.meta.url)));
  const out = pyodide.runPython(`
def _helper():
    import json
    namespace = {"__name__": ${JSON.stringify(file.replace(/\.py$/, ""))}}
    with open(${JSON.stringify(where)}, encoding="utf-8") as f:
        exec(compile(f.read(), ${JSON.stringify(where)}, "exec"), namespace)
    return json.dumps(eval(${JSON.stringify(call)}, namespace), ensure_ascii=False)
_helper()`);
  pyodide.runPython("del _helper");
  pyodide.FS.unlink(where);
  pyodide.FS.rmdir(HELPER_DIR);
  return JSON.parse(out);
}

// What the heap need not carry (snapshot_heap.py: the rules' memo caches, the column numbers of
// all other code's line tables), taken out just before the memory is written.
function lighten(pyodide, keep) {
  const done = runHelper(pyodide, "snapshot_heap.py", `lighten(${JSON.stringify(keep)})`);
  if (!(done.slimmed > 0)) fail("no function's line table was slimmed: snapshot_heap.py found none");
  return done;
}

// Every visitor restores the same snapshot, so whatever randomness the interpreter drew while it
// was made (its str hash secret, the first seed of `random`, temporary names) is shared by all of
// them anyway; the worker reseeds `random` for each. Drawn from a fixed sequence instead (Pyodide
// reads Node's crypto.randomFillSync, and Math.random for emscripten_random), the same inputs
// make the same snapshot on any machine, and so the same content-named runtime folder: a
// rebuild of the same source leaves visitors' caches valid.
function fixedRandomness() {
  let state = 0x2020_10_09n;
  const next64 = () => {   // splitmix64
    state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  };
  nodeCrypto.randomFillSync = (view, offset = 0, size) => {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const end = size === undefined ? bytes.length : offset + size;
    for (let i = offset; i < end; i++) bytes[i] = Number(next64() & 0xffn);
    return view;
  };
  Math.random = () => Number(next64() >> 11n) / 2 ** 53;
}

// The clocks, for the same reason: file times, time.time() readings and mimalloc's first random
// seed (from the monotonic clock) end up in the snapshot (the time zone too: snapshot.py runs
// Node with TZ=UTC). The wall clock starts at config.clock (snapshot.py), and both move 1 ms per
// reading, so code that waits for time to pass still sees it pass. record and check read the
// same clock, so a scenario dated by "today" is evaluated on the same day in all three steps.
function fixedClock() {
  let now = Number(config.clock) * 1000;
  let monotonic = 0;
  Date.now = () => (now += 1);
  performance.now = () => (monotonic += 1);   // also mimalloc's seed for its first heap
}

// Docstrings and asserts are left out of what the snapshot imports (python -OO): less memory to
// ship. The check step proves the rules answer as the ordinary (unoptimised) boot does.
const OPTIMIZE = { PYTHONOPTIMIZE: "2" };

async function make() {
  fixedRandomness();
  fixedClock();
  // The memory as instantiation leaves it (the wasm's data segments): the pages still equal to it
  // are not shipped (snapshot-pages.mjs).
  let base = null;
  const unwatch = watchInstantiation((memory) => { base = memory.slice(); });
  const pyodide = await loadPyodide(baseOptions({ _makeSnapshot: true, env: { ...OPTIMIZE } }));
  unwatch();
  if (!base) fail("the wasm's instantiation was not seen: snapshot-pages.mjs watchInstantiation() needs adapting");
  if (typeof pyodide.makeMemorySnapshot !== "function") {
    fail("this Pyodide has no makeMemorySnapshot(): its private snapshot API changed. " +
      "Adapt sitebuild/runtime/pyodide_snapshot.mjs and calculator/web/worker.mjs to the new Pyodide.");
  }
  const M = pyodide._module;
  for (const name of ["_malloc", "_free", "_malloc_footprint", "_malloc_footprint_limit", "_malloc_set_footprint_limit",
    "_emscripten_get_sbrk_ptr", "_emscripten_stack_get_end", "_emscripten_stack_get_current"]) {
    if (typeof M[name] !== "function") fail(`this Pyodide no longer exports ${name}`);
  }
  const heapAtBoot = M.HEAPU8.length;
  const sitePackages = pyodide._api.sitepackages;
  writeTree(pyodide.FS, config.wheelFiles, sitePackages);
  pyodide.runPython(`import ${MODULE}`);
  const envelopes = evaluateCorpus(pyodide, config.corpus); // warm: every lazy import done now
  raiseThroughFfi(pyodide);
  // What the snapshot holds already need not ship again: the restored interpreter gets a zip of
  // only the trimmed zip's other files (snapshot.py). Python's caches of where things sit in
  // the zip it booted with are emptied, so a later import or source line is looked up afresh.
  const imported = zipModules(pyodide);
  pyodide.runPython(`
import linecache, sys, zipimport
zipimport._zip_directory_cache.clear()
sys.path_importer_cache.clear()
linecache.clearcache()
del linecache, sys, zipimport`);
  const { slimmed } = lighten(pyodide, sitePackages);
  // Read back at boot by the worker, which compares it with the lock file it was served.
  pyodide.runPython(`_subsidy_snapshot = ${JSON.stringify(JSON.stringify(config.marker))}
import gc; gc.collect(); del gc`);
  if (M.HEAPU8.length !== heapAtBoot) {
    fail(`the heap grew from ${heapAtBoot} to ${M.HEAPU8.length} bytes while warming: such a snapshot does not restore`);
  }
  const zeroed = zeroFreeMemory(M);
  const snapshot = pyodide.makeMemorySnapshot();
  const packed = pack(snapshot, base);
  fs.writeFileSync(config.out, packed);
  const header = new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength).getUint32(4, true);
  return { bytes: snapshot.length, header, packed: packed.length, heap: heapAtBoot, zeroed, slimmed, envelopes, imported };
}

// A restored snapshot boots with its own zip (config.snapshotStdlib), an ordinary boot with the
// trimmed one (config.stdlib). The pages the file leaves out are filled from the instantiated
// memory, as the worker does.
async function restore() {
  const { snapshot, fill } = unpack(fs.readFileSync(config.snapshot));
  const unwatch = watchInstantiation(fill);
  try {
    return await loadPyodide(baseOptions({ stdLibURL: config.snapshotStdlib, _loadSnapshot: snapshot }));
  } finally {
    unwatch();
  }
}

// The lean zips behave as Pyodide's own files only at -OO (lean_sources.py): a boot that did not
// get it (Pyodide no longer passing env to Python) would keep blank docstrings and run asserts.
function optimized(pyodide, which) {
  const level = pyodide.runPython("import sys; sys.flags.optimize");
  if (level !== 2) fail(`${which} runs at optimization level ${level}, not -OO: check the env option of loadPyodide`);
}

async function check() {
  fixedClock();
  const restored = await restore();
  const marker = restored.globals.get("_subsidy_snapshot");
  if (typeof marker !== "string") {
    fail("the restored interpreter has no _subsidy_snapshot marker: loadPyodide ignored _loadSnapshot " +
      "(Pyodide's private snapshot API changed?)");
  }
  optimized(restored, "the restored snapshot");
  const fromSnapshot = evaluateCorpus(restored, config.corpus);
  raiseThroughFfi(restored);   // an error's traceback, formatted without the zip the snapshot was made with
  const restoredFrames = stdlibTracebackFrames(restored);
  const fresh = await loadPyodide(baseOptions({ env: { ...OPTIMIZE } }));   // as the worker boots it: -OO
  optimized(fresh, "the ordinary boot");
  await fresh.loadPackage(PACKAGE, { messageCallback: () => {}, errorCallback: (m) => fail(m) });
  if (!fresh.loadedPackages[PACKAGE]) fail(`loadPackage("${PACKAGE}") did not install the wheel`);
  const fromWheel = evaluateCorpus(fresh, config.corpus);
  const freshFrames = stdlibTracebackFrames(fresh);
  if (!restoredFrames.some((line) => line.includes("json/decoder.py")) ||
      JSON.stringify(restoredFrames) !== JSON.stringify(freshFrames)) {
    fail(`a traceback from the restored snapshot does not name the lines an ordinary boot names:\n` +
      `restored: ${restoredFrames.join(" | ")}\nordinary: ${freshFrames.join(" | ")}`);
  }
  return { marker: JSON.parse(marker), fromSnapshot, fromWheel };
}

async function evaluate() {
  const restored = await restore();
  return { envelopes: evaluateCorpus(restored, config.corpus) };
}

const commands = { record, lean, make, check, evaluate };
if (!commands[command]) fail(`unknown command ${command}`);
fs.writeFileSync(config.result, JSON.stringify(await commands[command]()));
process.exit(0); // Pyodide keeps the event loop alive

// The calculator page's options (#calc-options) for Node tests, from a policy package's real data
// files: what sitebuild/runtime/assets.py's WHEEL_FACTS embeds into the page, computed the same
// way from form.json, schema.json and parameters.json (tests/calculator/test_calculator_modules.py checks
// that both agree). Not a test file itself (node --test runs *.test.mjs).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const PACKAGES = {
  xiamen: ROOT + "policy_src/xiamen-2020-15/rules/subsidy_rules/",
  demo: ROOT + "tests/fixtures/policies/demo-2024-1/rules/demo_rules/",
};

export function readData(dir, name) { return JSON.parse(readFileSync(dir + name, "utf-8")); }

export function pageOptions(dir = PACKAGES.xiamen) {
  const form = readData(dir, "form.json");
  const schema = readData(dir, "schema.json");
  const params = readData(dir, "parameters.json");
  const defs = schema.$defs;
  const resolve = (node) => {
    while (node.$ref) node = defs[node.$ref.split("/").pop()];
    return node;
  };
  const maxLength = (node) => Math.max(...(node.anyOf || []).map(maxLength), resolve(node).maxLength || 0);
  const types = form.items.types.map((t) => t.type);
  const lists = {};
  const depends = {};
  for (const t of types) {
    for (const [key, prop] of Object.entries(defs[t].properties)) {
      if (prop.type === "array") {
        (lists[t] = lists[t] || {})[key] = { keys: Object.keys(resolve(prop.items).properties),
          max: prop.maxItems, min: prop.minItems || 0 };
      }
    }
    for (const rule of defs[t].allOf || []) {
      const [[on, cond]] = Object.entries(rule.if.properties);
      for (const [key, then] of Object.entries(rule.then.properties)) {
        const byKey = (depends[t] = depends[t] || {});
        const entry = (byKey[key] = byKey[key] || { on, choices: [] });
        entry.choices.push([cond.const, then.enum]);
      }
    }
  }
  const entries = Object.fromEntries(params.parameters.map((p) => [p.id, p]));
  const amount = (id) => (/^\d+$/.test(entries[id].amount) ? Number(entries[id].amount) : entries[id].amount);
  const text = {};
  for (const [k, v] of Object.entries(schema.properties)) if (maxLength(v)) text[k] = maxLength(v);
  const quoted = {};
  for (const m of JSON.stringify(form.texts).matchAll(/[{]([a-z0-9_.]+)[}]/g)) {
    if (entries[m[1]]) quoted[m[1]] = amount(m[1]);
  }
  return {
    rules_version: params.rules_version,
    form,
    policy: params.policy,
    keys: { scenario: Object.keys(schema.properties), items: Object.fromEntries(types.map((t) => [t, Object.keys(defs[t].properties)])) },
    lists,
    depends,
    limits: { items: schema.properties.items.maxItems, text },
    quoted,
  };
}

// `node tests/calculator/js/page-options.mjs [package dir]` prints them (for the comparison with the build's).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(JSON.stringify(pageOptions(process.argv[2] || PACKAGES.xiamen)));
}

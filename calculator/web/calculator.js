/* The calculator page: form, results, share/export/import/print, and window.subsidyCalculator.
 *
 * Every amount is computed by the Python rules package (subsidy_rules.evaluate_json) running in
 * worker.mjs; this file only turns the form into a scenario and the result into text.
 * A classic script, not a module: under file:// module scripts do not load, and this script must
 * still run there to say why the calculator cannot start.
 * Untrusted text (unit names, links, imported files, messages) only ever reaches the page through
 * textContent and input values; there is no innerHTML in this file. Lookups keyed by such text go
 * through own(), so "constructor" or "__proto__" is an unknown value, never Object's property.
 */
(function () {
  "use strict";

  var root = document.getElementById("calculator");
  if (!root) return;

  // Choices and labels of the JSON contract, and the policy's dates, written into the page by the
  // build from the rules package, so the form offers exactly what the rules accept.
  var OPT = null;
  try {
    OPT = JSON.parse(document.getElementById("calc-options").textContent);
  } catch (e) { /* reported below, once the page can show it */ }
  var SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
  // The runtime folder (runtime-<hash>/) of this build, named by the build in the page's
  // start-worker.js tag; the worker and every Pyodide file live there.
  var RUNTIME_TAG = document.querySelector("script[data-calculator-runtime]");
  var RUNTIME_DIR = RUNTIME_TAG ? RUNTIME_TAG.getAttribute("data-calculator-runtime") : "";
  var POLICY_URL = "../policy.html";
  var RULES_URL = "../rules.html";
  var FRAGMENT_PREFIX = "#v1=";
  var MAX_SCENARIO_BYTES = 256 * 1024; // a real scenario is a few KB; links and files above are refused
  var MAX_FRAGMENT_CHARS = FRAGMENT_PREFIX.length + Math.ceil(MAX_SCENARIO_BYTES / 3) * 4;
  var DISCLAIMER = "估算结果，不构成资助决定。实际资助以市标准化行政主管部门的审核为准。";
  var ABSENT = {}; // option value meaning "leave the key out"
  var BOOT_SLOW_MS = 30000;
  var BOOT_GIVE_UP_MS = 180000;
  // The form is kept for this tab only (a reload keeps it, closing the tab forgets it): on a shared
  // PC at a service hall the next visitor must not find company names, in the address bar or here.
  var SESSION_KEY = "xm-calculator-form";

  /* How much one page holds. The rules package accepts more from files and the command line
   * (OPT.limits: 200 items, 50 drafters); the form takes what the policy makes sensible, checked
   * before anything is drawn, so an oversized link is refused at once instead of freezing the tab:
   * - drafters per standard: 五(三)1 pays only drafters ranked in the top five (排名前五), except
   *   that a local standard whose first drafter is an administrative unit passes its subsidy to the
   *   best-ranked local entity. Rows below that entity never change a result; 20 rows leave room for
   *   a long run of administrative and non-local co-drafters ahead of it.
   * - items: one scenario is one application (one unit, or a few sharing a standard) under a policy
   *   with six kinds of events and a five-year validity; 50 is more than any application holds, and
   *   50 items of 20 drafters each still open and react within a second
   *   (benchmarks/bench_calculator_form.py). Larger sets go through the command-line batch. */
  var LIMITS = OPT ? {
    items: Math.min(50, OPT.limits.items),
    drafters: Math.min(20, OPT.limits.drafters),
    name: OPT.limits.name,
  } : null;

  // ---------------------------------------------------------------- small helpers (text only)

  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "class") el.className = value;
        else if (key === "text") el.textContent = value;
        else if (key === "value" || key === "checked" || key === "disabled" || key === "hidden") el[key] = value;
        else el.setAttribute(key, value === true ? "" : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }

  function add(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { add(el, c); });
    else el.append(child instanceof Node ? child : String(child));
  }

  function put(el) { // replace el's children; null/false children are skipped (replaceChildren would print "null")
    el.replaceChildren();
    for (var i = 1; i < arguments.length; i++) add(el, arguments[i]);
  }

  function own(map, key) {
    // map[key] only if map itself has that key: input never reaches Object.prototype.
    return map && (typeof key === "string" || typeof key === "number") &&
      Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function cnDate(iso) { // "2025-10-08" -> "2025年10月8日", as the rules write dates
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : String(iso);
  }

  function yuan(amount) {
    // "350000.00" -> "350,000.00 元", on the string: no floating point anywhere near money.
    var m = /^(-?)(\d+)(\.\d+)?$/.exec(String(amount));
    if (!m) return String(amount) + " 元";
    return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (m[3] || "") + " 元";
  }

  function show(value) {
    var text = typeof value === "string" ? "“" + value + "”" : JSON.stringify(value);
    if (text === undefined) text = String(value);
    return text.length > 40 ? text.slice(0, 37) + "……" : text;
  }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function isBlank(v) {
    return v === undefined || v === null || (typeof v === "string" && !v.trim()) || (Array.isArray(v) && !v.length);
  }

  function fieldPath(path) { return path.replace(/\.(\d+)(?=\.|$)/g, "[$1]"); } // items.0.unit -> items[0].unit
  function dotPath(field) { return String(field).replace(/\[(\d+)\]/g, ".$1"); } // and back
  function controlId(path) { return "calc-f-" + path.replace(/[^A-Za-z0-9_]+/g, "-"); }
  function parentPath(path) { return path.slice(0, Math.max(0, path.lastIndexOf("."))); }
  function lastKey(path) { return path.slice(path.lastIndexOf(".") + 1); }

  function getIn(obj, path) {
    if (!path) return obj;
    return path.split(".").reduce(function (o, k) {
      return o !== null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
    }, obj);
  }

  function setIn(obj, path, value) {
    var target = getIn(obj, parentPath(path));
    var key = lastKey(path);
    if (value === ABSENT) delete target[key];
    else target[key] = value;
  }

  function pairs(map) { return Object.keys(map).map(function (k) { return [k, map[k]]; }); }

  function find(specs, key) {
    for (var i = 0; i < specs.length; i++) if (specs[i].key === key) return specs[i];
    return null;
  }

  // ---------------------------------------------------------------- what each item holds

  /* One declarative table per item type: the form draws it, messages take their labels from it,
   * and the completeness check reads which fields are required. Controls: select, radios (for
   * choices too long for a phone's dropdown), text, date, number, check, drafters. */
  function unitField(label) { return { key: "unit", control: "text", label: label, noun: "单位名称" }; }
  function eventDateField(type) {
    return { key: "date", control: "date", label: own(OPT.event_date_labels, type), optional: true,
      hint: "不填时，假定该日期在政策有效期内。" };
  }
  function fixed(name, convert) { // a choice list that never changes, built once (a form may hold 1000 of them)
    var list = null;
    return function () { return list || (list = (convert || pairs)(OPT[name])); };
  }
  function rolesFor(item) {
    var roles = own(OPT.body_roles, item.body) || Object.keys(OPT.roles);
    return roles.map(function (r) { return [r, own(OPT.roles, r)]; });
  }

  var FIELDS = OPT && {
    standard: [
      { key: "level", control: "select", label: "标准级别", choices: fixed("levels") },
      { key: "work", control: "select", label: "制定或修订", choices: fixed("works") },
      { key: "published", control: "date", label: OPT.event_date_labels.standard },
      { key: "drafters", control: "drafters", label: "起草单位" },
    ],
    tc_role: [
      { key: "body", control: "radios", label: "技术组织类别", choices: fixed("bodies") },
      { key: "role", control: "select", label: "职务或承担的工作", choices: rolesFor,
        hint: "只列出政策为所选类别规定了资助的职务。" },
      unitField("所在工作单位"),
      eventDateField("tc_role"),
    ],
    award: [
      { key: "award", control: "select", label: "奖项", choices: fixed("awards") },
      { key: "grade", control: "select", label: "获奖等级",
        choices: fixed("grades", function (grades) { return pairs(grades).map(function (g) { return [Number(g[0]), g[1]]; }); }) },
      { key: "first_drafter", control: "check", label: "本单位是获奖项目的第一起草单位" },
      unitField("获奖单位"),
      eventDateField("award"),
    ],
    pilot: [
      { key: "tier", control: "select", label: "试点（示范）项目级别", choices: fixed("tiers") },
      { key: "accepted", control: "check", label: "项目已通过考核验收" },
      { key: "demonstration_years", control: "number", label: "被确定为推广示范的年数", optional: true,
        hint: "验收后被确定为推广示范项目的，按示范年度计；没有则填 0。" },
      { key: "demonstration_tier", control: "select", label: "推广示范级别", optional: true,
        choices: fixed("tiers", function (tiers) { return [[ABSENT, "与试点级别相同"]].concat(pairs(tiers)); }) },
      unitField("承担单位"),
      eventDateField("pilot"),
    ],
    leader: [unitField("企业名称"), eventDateField("leader")],
    benchmarking: [
      { key: "count", control: "number", label: "开展对标达标的项数" },
      unitField("企业名称"),
      eventDateField("benchmarking"),
    ],
  };
  var DRAFTER_FIELDS = [
    { key: "name", control: "text", label: "单位名称", noun: "单位名称" },
    { key: "kind", control: "select", label: "单位类型", choices: fixed("kinds") },
  ];
  var GENERAL_FIELDS = [
    { key: "application_date", control: "date", label: "申请日期", optional: true,
      hint: "默认今天；不填也按今天。标准项目的申请期限从标准发布之日算起，据此判断是否仍可申请。" },
    { key: "label", control: "text", label: "情景名称", optional: true, hint: "可不填；会印在计算单上，方便区分。" },
  ];

  /* The spec of the field at a dotted path ("items.0.drafters.1.kind"), and its label as a person
   * reads it ("项目 1 · 第 2 名起草单位 · 单位类型"): messages never show the JSON path. */
  function specAt(path, scn) {
    var parts = path.split(".");
    if (parts[0] !== "items") return find(GENERAL_FIELDS, parts[0]);
    var item = getIn(scn, "items." + parts[1]);
    var spec = parts.length > 2 && isObject(item) ? find(own(FIELDS, item.type) || [], parts[2]) : null;
    if (spec && spec.control === "drafters" && parts.length > 3) {
      return parts.length > 4 ? find(DRAFTER_FIELDS, parts[4]) : { key: parts[3], control: "drafter", label: "起草单位" };
    }
    return spec;
  }

  function fieldLabel(path, scn) {
    var parts = path.split(".");
    if (parts[0] !== "items") {
      var general = find(GENERAL_FIELDS, parts[0]);
      return general ? general.label : "项目列表";
    }
    if (parts.length < 2) return "项目列表";
    var out = ["项目 " + (Number(parts[1]) + 1)];
    var spec = parts.length > 2 ? specAt(parts.slice(0, 3).join("."), scn) : null;
    if (spec && spec.control === "drafters" && parts.length > 3) {
      out.push("第 " + (Number(parts[3]) + 1) + " 名起草单位");
      var inner = parts.length > 4 ? find(DRAFTER_FIELDS, parts[4]) : null;
      if (inner) out.push(inner.label);
    } else if (spec) {
      out.push(spec.label);
    }
    return out.join(" · ");
  }

  // ---------------------------------------------------------------- messages in plain words

  /* The rules package names the field by its JSON path and, for machines, may quote codes and
   * formats ("必须写成 YYYY-MM-DD 格式", "xiamen_entity（本市…）"). The page says what to do, in the
   * words of the form; the rules' own sentence is kept where it is already plain. */
  function plainMessage(spec, value, item, rulesMessage) {
    var control = spec ? spec.control : "";
    if (control === "date") {
      if (isBlank(value)) return "请选择日期";
      if (typeof value !== "string" || /YYYY|不是日历上存在的日期/.test(rulesMessage)) {
        return show(value) + "不是有效的日期，请重新选择";
      }
    } else if (control === "select" || control === "radios") {
      if (isBlank(value)) return "请选择";
      var offered = spec.choices(item).some(function (c) { return c[0] === value; });
      if (!offered) {
        if (spec.key === "role" && own(OPT.roles, value)) return "所选技术组织类别没有“" + own(OPT.roles, value) + "”这项资助，请重新选择";
        return show(value) + "不是可选的一项，请重新选择";
      }
    } else if (control === "text") {
      if (isBlank(value)) return "请填写" + (spec.noun || "");
      if (typeof value !== "string") return "请填写文字";
    } else if (control === "number") {
      if (isBlank(value)) return "请填写数字";
      if (typeof value !== "number" || Math.floor(value) !== value) return "请填写整数";
    } else if (control === "check") {
      if (typeof value !== "boolean") return "请勾选或取消勾选";
    } else if (control === "drafters") {
      if (isBlank(value)) return "请至少填写一个起草单位";
    }
    return tidy(rulesMessage);
  }

  function tidy(message) {
    return String(message)
      .replace(/必须写成 YYYY-MM-DD 格式的日期（例如 [\d-]+），/g, "不是有效的日期，")
      .replace(/必须是 true 或 false/g, "应勾选或不勾选")
      .replace(/\b[a-z][a-z0-9_]*（([^（）]*)）/g, "$1") // "xiamen_entity（本市…）" -> "本市…"
      .replace(/缺少必填字段 [a-z_]+/g, "请填写")
      .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, function (iso) { return cnDate(iso); });
  }

  function problem(path, scn, rulesMessage) {
    var value = getIn(scn, path);
    var spec = specAt(path, scn);
    var item = getIn(scn, path.split(".").slice(0, 2).join("."));
    return {
      path: path,
      label: fieldLabel(path, scn),
      message: plainMessage(spec, value, isObject(item) ? item : {}, rulesMessage || ""),
      missing: isBlank(value),
    };
  }

  function labelled(p) { return p.label + "：" + p.message; }

  /* What the form itself can tell before asking the rules: required fields left empty (the item
   * is "not finished", not wrong) and values that are none of a field's choices (from a link).
   * Such an item is set aside with every one of its problems listed; it never hides the others. */
  function formProblems(item, i, scn) {
    var out = [];
    var base = "items." + i + ".";
    function check(spec, path, value, owner) {
      if (isBlank(value)) {
        if (!spec.optional) out.push(problem(path, scn, ""));
      } else if (spec.choices && !spec.choices(owner).some(function (c) { return c[0] === value; })) {
        out.push(problem(path, scn, ""));
      }
    }
    (own(FIELDS, item.type) || []).forEach(function (spec) {
      var value = own(item, spec.key);
      if (spec.control !== "drafters") return check(spec, base + spec.key, value, item);
      if (!Array.isArray(value) || !value.length) { out.push(problem(base + spec.key, scn, "")); return; }
      value.forEach(function (d, j) {
        DRAFTER_FIELDS.forEach(function (ds) {
          if (isObject(d)) check(ds, base + spec.key + "." + j + "." + ds.key, own(d, ds.key), d);
        });
      });
    });
    return out;
  }

  // ---------------------------------------------------------------- the scenario and its templates

  var TEMPLATES = {
    standard: function () { return { type: "standard", level: "national", work: "new", published: "", drafters: [newDrafter()] }; },
    tc_role: function () { return { type: "tc_role", body: "national", role: OPT.body_roles.national[0], unit: "" }; },
    award: function () { return { type: "award", award: "china", grade: 1, first_drafter: true, unit: "" }; },
    pilot: function () { return { type: "pilot", tier: "national", accepted: true, demonstration_years: 0, unit: "" }; },
    leader: function () { return { type: "leader", unit: "" }; },
    benchmarking: function () { return { type: "benchmarking", count: 1, unit: "" }; },
  };

  function newDrafter() { return { name: "", kind: "xiamen_entity" }; }

  function newItem(type, from) {
    var item = own(TEMPLATES, type)();
    if (from) { // keep what the user typed when switching an item's type
      var unit = from.type === "standard" ? getIn(from, "drafters.0.name") : from.unit;
      var date = from.type === "standard" ? from.published : from.date;
      if (type === "standard") {
        if (typeof unit === "string") item.drafters[0].name = unit;
        if (typeof date === "string") item.published = date;
      } else {
        if (typeof unit === "string") item.unit = unit;
        if (typeof date === "string" && date) item.date = date;
      }
    }
    return item;
  }

  function blankScenario() { return { application_date: today(), items: [newItem("standard")] }; }

  function isBlankScenario(s) {
    return JSON.stringify(s) === JSON.stringify(blankScenario());
  }

  var scenario = null;

  /* Shape check of an untrusted scenario before it reaches the form. Values stay as they are
   * (the rules package judges them and the form shows its message beside the field); only what
   * the form cannot hold at all is refused, with the page's limits, before anything is drawn.
   * Keys the input schema does not have are dropped with a notice (OPT.keys comes from the
   * package's schema.json). */
  function adoptScenario(value) {
    if (!isObject(value)) throw new Error("内容不是本计算器保存的情景。");
    var dropped = [];
    var out = {};
    Object.keys(value).forEach(function (k) { if (OPT.keys.scenario.indexOf(k) < 0) dropped.push(show(k)); });
    if (value.application_date !== undefined && value.application_date !== null) out.application_date = value.application_date;
    if (value.label !== undefined && value.label !== null) out.label = value.label;
    var items = value.items === undefined ? [] : value.items;
    if (!Array.isArray(items)) throw new Error("其中的项目列表格式不对。");
    if (items.length > LIMITS.items) {
      throw new Error("其中有 " + items.length + " 个项目，本页一次最多计算 " + LIMITS.items + " 个。请分几次计算，或删去不需要的项目后再试。");
    }
    out.items = items.map(function (raw, i) {
      var where = "项目 " + (i + 1);
      if (!isObject(raw)) throw new Error(where + " 的格式不对。");
      var keys = own(OPT.keys.items, raw.type);
      if (!keys) throw new Error(where + " 的类型无法识别：" + show(raw.type) + "。");
      var item = {};
      Object.keys(raw).forEach(function (k) { if (keys.indexOf(k) < 0) dropped.push(where + " 的" + show(k)); });
      keys.forEach(function (k) { if (own(raw, k) !== undefined && raw[k] !== null) item[k] = raw[k]; });
      if (raw.type === "standard") {
        var drafters = item.drafters === undefined ? [] : item.drafters;
        if (!Array.isArray(drafters)) throw new Error(where + " 的起草单位格式不对。");
        if (drafters.length > LIMITS.drafters) {
          throw new Error(where + " 有 " + drafters.length + " 个起草单位，本页每项标准最多填 " + LIMITS.drafters +
            " 个。只有排名前五的起草单位（地方标准为排名最靠前的本市单位）影响资助，其后的可以不填。");
        }
        item.drafters = drafters.map(function (d, j) {
          if (!isObject(d)) throw new Error(where + " 第 " + (j + 1) + " 名起草单位的格式不对。");
          Object.keys(d).forEach(function (k) {
            if (OPT.keys.drafter.indexOf(k) < 0) dropped.push(where + " 第 " + (j + 1) + " 名起草单位的" + show(k));
          });
          var drafter = {};
          OPT.keys.drafter.forEach(function (k) { if (own(d, k) !== undefined && d[k] !== null) drafter[k] = d[k]; });
          return drafter;
        });
      }
      return item;
    });
    return { scenario: out, dropped: dropped };
  }

  // ---------------------------------------------------------------- share links (#v1=base64url)

  function utf8Bytes(text) { return new TextEncoder().encode(text); }

  function encodeFragment(value) {
    var bytes = utf8Bytes(JSON.stringify(value));
    var binary = "";
    for (var i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return FRAGMENT_PREFIX + btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function isScenarioFragment(hash) { return /^#v\d/.test(hash); }

  function decodeFragment(hash) {
    if (hash.length > MAX_FRAGMENT_CHARS) {
      throw new Error("链接中的数据过大（" + hash.length.toLocaleString("zh-CN") + " 个字符），超过本页可接受的上限，未打开。");
    }
    var m = /^#v(\d{1,6})=/.exec(hash);
    if (!m) throw new Error("链接不完整：缺少“#v1=”之后的数据，可能在复制时被截断。");
    if (m[1] !== "1") {
      throw new Error("这个链接使用第 " + m[1] + " 版链接格式，本页只能打开第 1 版（#v1=）的链接。请用生成该链接的计算器版本打开，或重新生成链接。");
    }
    var data = hash.slice(m[0].length);
    if (!/^[A-Za-z0-9_-]*$/.test(data)) throw new Error("链接中的数据含有无效字符，可能在复制或转发时被改动。");
    if (data.length % 4 === 1) throw new Error("链接中的数据不完整，可能在复制时被截断。");
    var text;
    try {
      var binary = atob(data.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((data.length + 3) % 4));
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      throw new Error("链接中的数据已损坏，无法解码（可能被截断或改动）。");
    }
    return parseScenarioText(text, "链接中的数据");
  }

  function parseScenarioText(text, what) {
    if (utf8Bytes(text).length > MAX_SCENARIO_BYTES) throw new Error(what + "过大，超过本页可接受的上限（256 KB），未打开。");
    var value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new Error(what + "不是完整有效的 JSON，可能被截断或损坏。");
    }
    return adoptScenario(value);
  }

  // ---------------------------------------------------------------- the Python worker

  var pending = new Map();
  var nextId = 1;
  var worker = null;
  var bootState = { state: "loading" };
  var readyResolve, readyReject;
  var ready = new Promise(function (resolve, reject) { readyResolve = resolve; readyReject = reject; });
  ready.catch(function () {}); // failures are shown in the page; callers still see the rejection

  function send(text) {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      pending.set(id, { resolve: resolve, reject: reject });
      worker.postMessage({ id: id, text: text });
    });
  }

  function evaluateJSON(text) {
    if (typeof text !== "string") return Promise.reject(new TypeError("evaluateJSON 需要 JSON 文本（字符串）"));
    return ready.then(function () { return send(text); });
  }

  function evaluate(value) {
    var text;
    try {
      text = JSON.stringify(value);
    } catch (e) {
      return Promise.reject(new TypeError("情景无法写成 JSON：" + e.message));
    }
    if (text === undefined) return Promise.reject(new TypeError("情景无法写成 JSON"));
    return evaluateJSON(text).then(function (envelope) {
      var parsed = JSON.parse(envelope);
      if (parsed.ok) return parsed.result;
      var error = new Error(parsed.error.message);
      error.field = parsed.error.field;
      throw error;
    });
  }

  // limits: how many items and drafters the form takes (read by benchmarks/bench_calculator_form.py)
  window.subsidyCalculator = Object.freeze({ ready: ready, evaluate: evaluate, evaluateJSON: evaluateJSON,
    limits: LIMITS && Object.freeze(Object.assign({}, LIMITS)) });

  function startWorker() {
    if (location.protocol === "file:") {
      cannotStart({
        what: "计算器不能直接从本地文件（file://）打开。",
        detail: "计算引擎（Pyodide）要通过网站服务器（http 或 https）加载，浏览器不允许本地文件这样做。",
        fixes: [
          "把 site 目录放到任意静态网站服务器上再访问；在本机可运行 python3 build.py serve，然后打开 http://127.0.0.1:8000/calculator/。",
        ],
      });
      return;
    }
    if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") {
      cannotStart({
        what: "这个浏览器不支持计算器所需的 Web Worker 或 WebAssembly。",
        fixes: ["请使用较新版本的 Chrome、Edge、Firefox 或 Safari 打开本页。"],
      });
      return;
    }
    var violations = [];
    // start-worker.js has usually started it already (see there); otherwise start it now.
    var started = window.subsidyCalculatorWorker ? window.subsidyCalculatorWorker.take() : null;
    var early = started ? started.early : [];
    try {
      worker = started ? started.worker : new Worker(new URL(RUNTIME_DIR + "worker.mjs", SCRIPT_URL), { type: "module" });
    } catch (e) {
      diagnose("无法创建计算线程（" + e.message + "）。", violations);
      return;
    }
    var slow = setTimeout(function () {
      if (bootState.state === "loading") {
        els.status.querySelector(".calc-status__hint").textContent = "加载时间比平常长，请稍候；网络较慢时首次打开可能需要一两分钟。";
      }
    }, BOOT_SLOW_MS);
    var giveUp = setTimeout(function () {
      diagnose("计算引擎在 " + BOOT_GIVE_UP_MS / 60000 + " 分钟内没有启动完成。", violations);
    }, BOOT_GIVE_UP_MS);
    function stopTimers() { clearTimeout(slow); clearTimeout(giveUp); }

    worker.onmessage = function (event) {
      var msg = event.data;
      if (msg.type === "result") {
        var job = pending.get(msg.id);
        if (!job) return;
        pending.delete(msg.id);
        if (msg.error !== undefined) job.reject(new Error("计算引擎出错：" + msg.error));
        else job.resolve(msg.text);
      } else if (msg.type === "progress") {
        setProgress(msg.step, msg.text, msg.steps);
      } else if (msg.type === "violation") {
        violations.push(msg);
      } else if (msg.type === "ready") {
        stopTimers();
        bootState = { state: "ready" };
        root.dataset.state = "ready";
        setReady(msg);
        if (performance.mark) performance.mark("calculator-ready"); // read by benchmarks/bench_calculator.py
        readyResolve({ rulesVersion: msg.rulesVersion, pyodideVersion: msg.pyodideVersion, boot: msg.boot });
        scheduleEvaluate();
      } else if (msg.type === "failed") {
        stopTimers();
        diagnose("计算引擎启动失败：" + (msg.name === "Error" ? "" : msg.name + ": ") + msg.message, violations);
      }
    };
    worker.onerror = function (event) {
      stopTimers();
      if (event.preventDefault) event.preventDefault();
      diagnose(event.message ? "计算线程出错：" + event.message : "计算线程（worker.mjs）或它引用的 Pyodide 文件没能加载。", violations);
    };
    // What the worker said before this script arrived, once the page below is built.
    if (early.length) {
      Promise.resolve().then(function () {
        early.forEach(function (event) {
          if (event.type === "error") worker.onerror(event);
          else worker.onmessage(event);
        });
      });
    }
  }

  function cannotStart(report) {
    bootState = { state: "failed" };
    fail(report);
    readyReject(new Error(report.what));
  }

  var RUNTIME_FILES = [
    [RUNTIME_DIR + "worker.mjs", "javascript"],
    [RUNTIME_DIR + "pyodide.mjs", "javascript"],
    [RUNTIME_DIR + "pyodide.asm.mjs", "javascript"],
    [RUNTIME_DIR + "pyodide.asm.wasm", "application/wasm"],
    [RUNTIME_DIR + "python_stdlib.zip", null],
    [RUNTIME_DIR + "pyodide-lock.json", null],
  ];

  /* Find out what the host does wrong (missing files, MIME types, CSP) and say how to fix it. */
  function diagnose(what, violations) {
    if (bootState.state === "failed") return;
    bootState = { state: "failed" };
    if (worker) worker.terminate();
    fail({ what: what, detail: "正在检查网站文件……", fixes: [] });
    Promise.all(RUNTIME_FILES.map(function (entry) {
      var url = new URL(entry[0], SCRIPT_URL).href;
      return fetch(url, { method: "HEAD", cache: "no-store" }).then(function (response) {
        if (!response.ok) return entry[0] + " 无法获取（HTTP " + response.status + "）";
        var type = (response.headers.get("Content-Type") || "").toLowerCase();
        if (entry[1] && type.indexOf(entry[1]) < 0) {
          return entry[0] + " 的 MIME 类型是“" + (type || "（无）") + "”，应为 " +
            (entry[1] === "javascript" ? "text/javascript" : entry[1]);
        }
        return null;
      }, function () { return entry[0] + " 无法获取（网络错误或被拦截）"; });
    })).then(function (problems) {
      problems = problems.filter(Boolean);
      var csp = violations.map(function (v) { return "内容安全策略（CSP）的 " + v.directive + " 阻止了 " + (v.blocked || "一项加载"); });
      var fixes = [];
      fixes.push("把 calculator/ 目录（含 " + (RUNTIME_DIR || "runtime-…/") + " 子目录）整体重新上传：各文件须来自同一次构建，pyodide-lock.json 记录了规则包的 sha256。");
      fixes.push("服务器须以 text/javascript 发送 .mjs 文件、以 application/wasm 发送 .wasm 文件（Debian 自带的 nginx mime.types 没有 .mjs）。");
      fixes.push("Content-Security-Policy 响应头须允许：script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'。");
      fixes.push("构建输出中的 hosting/csp-header.txt 给出整站应发送的响应头，hosting/nginx.conf 是可直接使用的 nginx 配置。");
      fail({ what: what, problems: problems.concat(csp), fixes: fixes });
    });
    if (els.results) renderWaiting();
    pending.forEach(function (job) { job.reject(new Error(what)); });
    pending.clear();
    readyReject(new Error(what));
  }

  // ---------------------------------------------------------------- page skeleton
  // ---------------------------------------------------------------- page skeleton

  var els = {};

  function buildPage() {
    var boot = document.getElementById("calc-boot");
    if (boot) boot.remove();
    els.status = h("div", { class: "calc-status", role: "status", "aria-live": "polite" },
      h("p", { class: "calc-status__text", text: "正在准备计算引擎……" }),
      h("progress", { class: "calc-status__bar", "aria-label": "计算引擎加载进度" }),
      h("p", { class: "calc-status__hint", text: "计算引擎在后台加载，您可以先填写下面的表单。" }));
    els.notice = h("div", { class: "calc-notice", role: "alert", hidden: true });
    els.announce = h("p", { class: "calc-sr-only", "aria-live": "polite", "aria-atomic": "true" });
    els.confirm = h("p", { class: "calc-confirm", role: "status", "aria-live": "polite" });
    els.items = h("div", { class: "calc-items" });
    els.shareOut = h("input", { type: "text", readonly: true, class: "calc-share__url", id: "calc-share-url" });
    els.shareBox = h("div", { class: "calc-share", hidden: true },
      h("label", { for: "calc-share-url", text: "分享链接：表单中的全部内容（包括单位名称）都在链接里，只在打开它的浏览器中读取，不会发送到服务器。请只发给需要的人。" }),
      els.shareOut);
    els.importInput = h("input", { type: "file", id: "calc-import", class: "calc-import__input", accept: ".json,application/json" });
    els.results = h("div", { class: "calc-results__body" });
    els.summary = h("a", { class: "calc-summary", href: "#calc-results-title" });
    els.sheet = h("section", { class: "calc-sheet", "aria-hidden": "true" });

    var toolbar = h("div", { class: "calc-toolbar", role: "group", "aria-label": "情景操作" },
      h("button", { type: "button", class: "calc-button", "data-action": "share", text: "复制分享链接" }),
      h("button", { type: "button", class: "calc-button", "data-action": "export", text: "导出 JSON" }),
      h("span", { class: "calc-import" }, els.importInput,
        h("label", { for: "calc-import", class: "calc-button calc-import__label", text: "导入 JSON" })),
      h("button", { type: "button", class: "calc-button", "data-action": "print", text: "打印计算单" }),
      h("button", { type: "button", class: "calc-button calc-button--quiet", "data-action": "reset", text: "清空重填" }));

    els.adders = h("div", { class: "calc-adders", role: "group", "aria-labelledby": "calc-add-title" },
      h("p", { id: "calc-add-title", class: "calc-adders__title", text: "添加项目：" }),
      Object.keys(OPT.types).map(function (type) {
        return h("button", { type: "button", class: "calc-button calc-button--add", "data-action": "add-item", "data-type": type, text: "＋ " + OPT.types[type] });
      }),
      h("p", { class: "calc-hint calc-adders__limit", hidden: true,
        text: "已达到本页一次可计算的 " + LIMITS.items + " 个项目。更多项目请分几次计算。" }));

    els.general = h("fieldset", { class: "calc-general" }, h("legend", { text: "申请信息" }));

    var form = h("form", { class: "calc-form", "aria-label": "资助情景", novalidate: true },
      els.general, els.items, els.adders);
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    var results = h("section", { class: "calc-results", "aria-labelledby": "calc-results-title" },
      h("h2", { id: "calc-results-title", text: "估算结果" }), els.results);

    root.append(coverage(), els.status, els.notice, toolbar, els.confirm, els.shareBox,
      h("div", { class: "calc-layout" }, form, els.summary, results), els.announce, els.sheet);

    root.addEventListener("input", onInput);
    root.addEventListener("change", onInput);
    root.addEventListener("focusout", onLeave);
    root.addEventListener("click", onClick);
    els.importInput.addEventListener("change", onImport);
    window.addEventListener("hashchange", function () {
      // a link opened or edited by hand while the page is open
      if (isScenarioFragment(location.hash)) loadFragment(location.hash);
    });
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("pagehide", saveSession);
  }

  /* Which events this policy still covers, stated before anything is typed, from the rules
   * package's parameters (validity, transition, application window, predecessor, successor). */
  function coverage() {
    var p = OPT.policy;
    if (!p) return null;
    var now = today();
    var state = now < p.issued ? "本政策尚未施行。" :
      now > p.last_day ? "今天（" + cnDate(now) + "）本政策已过有效期。仍可估算有效期内发生的事项。" :
        "本政策目前在有效期内（至" + cnDate(p.last_day) + "）。";
    return h("section", { class: "calc-coverage" + (now > p.last_day ? " calc-coverage--expired" : ""), "aria-labelledby": "calc-coverage-title" },
      h("h2", { id: "calc-coverage-title", class: "calc-coverage__title", text: "本计算器能算哪些事项" }),
      h("p", { class: "calc-coverage__now", text: state }),
      h("ul", { class: "calc-coverage__list" },
        h("li", null, h("strong", { text: "能计算：" }), coveredText()),
        h("li", null, h("strong", { text: cnDate(p.issued) + "之前完成的项目：" }),
          "按原政策《" + p.predecessor_title + "》（" + p.predecessor + "）执行，本计算器不计算。"),
        h("li", null, h("strong", { text: cnDate(p.last_day) + "之后发生的事项：" }), "不适用本政策。" + successorAdvice())),
      h("p", { class: "calc-coverage__note", text: p.last_day_note }));
  }

  function coveredText() {
    var p = OPT.policy;
    return "发生在" + cnDate(p.issued) + "至" + cnDate(p.last_day) + "之间的事项。标准制修订项目还须在标准发布之日起" +
      OPT.application_window_years + "年内申请。";
  }

  function successorAdvice() {
    var s = OPT.policy.successor;
    if (!isObject(s)) return "请向市标准化行政主管部门咨询。";
    var issuers = Array.isArray(s.issuers) ? s.issuers.join("、") : String(s.issuers || "");
    return "这类事项可能适用" + issuers + (s.issued ? "于" + cnDate(s.issued) + "印发" : "") + "的《" + s.title +
      "》；本站不包含、也不计算该办法，请向" + (s.contact || issuers) + "咨询。";
  }

  function setProgress(step, text, steps) {
    if (bootState.state !== "loading") return;
    els.status.querySelector(".calc-status__text").textContent = "正在加载计算引擎（" + step + "/" + steps + "）：" + text + "……";
    var bar = els.status.querySelector("progress");
    bar.max = steps;
    if (step > 1) bar.value = step - 1;
    else bar.removeAttribute("value"); // indeterminate while the runtime downloads
  }

  function setReady(info) {
    put(els.status, h("p", { class: "calc-status__text calc-status__text--ready" },
      "计算引擎已就绪（计算规则版本 ", h("span", { "data-runtime-rules-version": info.rulesVersion, text: info.rulesVersion }), "）。"));
  }

  function fail(report) {
    root.dataset.state = "failed";
    if (!els.status) { // file:// and friends: before the form exists
      var boot = document.getElementById("calc-boot");
      if (boot) boot.remove();
      els.status = h("div", { class: "calc-status" });
      root.prepend(els.status);
    }
    els.status.className = "calc-status calc-status--failed";
    els.status.setAttribute("role", "alert");
    put(els.status,
      h("p", { class: "calc-status__what" }, h("strong", { text: report.what })),
      report.detail ? h("p", { text: report.detail }) : null,
      report.problems && report.problems.length ? h("div", null, h("p", { text: "发现的问题：" }),
        h("ul", null, report.problems.map(function (p) { return h("li", { text: p }); }))) : null,
      report.fixes.length ? h("div", null, h("p", { text: "解决办法（请转告网站管理员）：" }),
        h("ul", null, report.fixes.map(function (f) { return h("li", { text: f }); }))) : null,
      h("p", null, "在此期间，可以查阅", h("a", { href: RULES_URL, text: "“金额怎么算”" }),
        "页面中预先算好的资助额度表，或阅读", h("a", { href: POLICY_URL + "#c5-3", text: "政策原文第五部分第（三）项" }), "。"));
  }

  // ---------------------------------------------------------------- form rendering

  var optionValues = new WeakMap(); // <option> or radio <input> -> the JSON value it stands for

  function fieldBox(path, control, spec) {
    var id = controlId(path);
    control.id = id;
    control.dataset.path = path;
    control.dataset.kind = spec.control;
    if (spec.optional) control.dataset.optional = "1";
    var hint = spec.hint ? h("p", { class: "calc-hint", id: id + "-hint", text: spec.hint }) : null;
    if (hint) control.setAttribute("aria-describedby", hint.id); // showErrors adds its message's id
    var text = [spec.srPrefix ? h("span", { class: "calc-sr-only", text: spec.srPrefix }) : null, spec.label,
      spec.optional ? h("span", { class: "calc-optional", text: "（可选）" }) : null];
    if (spec.control === "check") { // the whole line is the tap target
      return h("div", { class: "calc-field calc-field--check", "data-field": fieldPath(path) },
        h("label", { for: id, class: "calc-check" }, control, h("span", null, text)), hint);
    }
    return h("div", { class: "calc-field calc-field--" + spec.control, "data-field": fieldPath(path) },
      h("label", { for: id }, text), control, hint);
  }

  function selectControl(choices, current) {
    // The current value is selected; a missing one reads "请选择", an unknown one "（无效的值）",
    // and stays in the scenario until the user picks another (the message beside it says why).
    var el = h("select", null);
    var found = false;
    choices.forEach(function (choice) {
      var option = h("option", { text: choice[1] });
      optionValues.set(option, choice[0]);
      if (choice[0] === current || (choice[0] === ABSENT && current === undefined)) { option.selected = true; found = true; }
      el.append(option);
    });
    if (!found) {
      var placeholder = h("option", { text: current === undefined ? "请选择" : "（无效的值）", disabled: true });
      optionValues.set(placeholder, current);
      el.prepend(placeholder);
      placeholder.selected = true;
    }
    return el;
  }

  function radioGroup(spec, path, value, item) {
    var id = controlId(path);
    var hint = spec.hint ? h("p", { class: "calc-hint", id: id + "-hint", text: spec.hint }) : null;
    var radios = spec.choices(item).map(function (choice) {
      var input = h("input", { type: "radio", name: id, id: controlId(path + "." + choice[0]), checked: choice[0] === value });
      input.dataset.path = path;
      input.dataset.kind = "radios";
      optionValues.set(input, choice[0]);
      return h("label", { class: "calc-radio", for: input.id }, input, h("span", { text: choice[1] }));
    });
    return h("fieldset", { class: "calc-radios", id: id, "data-field": fieldPath(path), "aria-describedby": hint ? hint.id : null },
      h("legend", { text: spec.label }), h("div", { class: "calc-radios__list" }, radios), hint);
  }

  function renderField(spec, path, value, item, i) {
    switch (spec.control) {
      case "select": return fieldBox(path, selectControl(spec.choices(item), value), spec);
      case "radios": return radioGroup(spec, path, value, item);
      case "drafters": return renderDrafters(item, i);
      case "check": return fieldBox(path, h("input", { type: "checkbox", checked: value === true }), spec);
      case "date": return fieldBox(path, h("input", { type: "date", value: typeof value === "string" ? value : "" }), spec);
      case "number":
        return fieldBox(path, h("input", { type: "number", inputmode: "numeric", min: "0", step: "1",
          value: typeof value === "number" ? String(value) : "" }), spec);
      default: // text
        return fieldBox(path, h("input", { type: "text", autocomplete: "off", maxlength: spec.key === "label" ? String(LIMITS.name) : null,
          value: typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value) }), spec);
    }
  }

  var dateFromLink = false;  // the application date came with an opened link: say so beside it
  var labelFromLink = false; // the scenario name came with an opened link (an example's title)
  var labelNote = "";        // why the name was just cleared

  function renderGeneral(scn) {
    var date = Object.assign({}, GENERAL_FIELDS[0]);
    if (dateFromLink && typeof scn.application_date === "string") {
      date.hint = "这个日期来自打开的链接，不是今天。要按今天计算，清空此项即可。";
    }
    var name = Object.assign({}, GENERAL_FIELDS[1]);
    if (labelNote) name.hint = labelNote;
    return [h("legend", { text: "申请信息" }),
      renderField(date, "application_date", scn.application_date, scn),
      renderField(name, "label", scn.label, scn)];
  }

  function renderDrafters(item, i) {
    var path = "items." + i + ".drafters";
    var list = Array.isArray(item.drafters) ? item.drafters : [];
    var full = list.length >= LIMITS.drafters;
    return h("fieldset", { class: "calc-drafters", "data-field": fieldPath(path) },
      h("legend", { text: "起草单位" }),
      h("p", { class: "calc-hint", text: "按排名先后填写，第一行为排名第一。" }),
      h("ol", { class: "calc-drafter-list" }, list.map(function (d, j) { return renderDrafter(d, i, j, list.length); })),
      h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "add-drafter", "data-path": path,
        disabled: full, text: "＋ 添加起草单位" }),
      full ? h("p", { class: "calc-hint", text: "本页每项标准最多填 " + LIMITS.drafters + " 个起草单位；只有排名前五的单位（地方标准为排名最靠前的本市单位）影响资助。" }) : null);
  }

  function renderDrafter(d, i, j, count) {
    var path = "items." + i + ".drafters." + j;
    var rank = "第 " + (j + 1) + " 名";
    d = isObject(d) ? d : {};
    return h("li", { class: "calc-drafter", "data-field": fieldPath(path) },
      h("span", { class: "calc-drafter__rank", "aria-hidden": "true", text: String(j + 1) }),
      h("div", { class: "calc-drafter__body" },
        renderField(Object.assign({ srPrefix: "排名" + rank + "的" }, DRAFTER_FIELDS[0]), path + ".name", d.name, d),
        renderField(DRAFTER_FIELDS[1], path + ".kind", d.kind, d),
        h("div", { class: "calc-drafter__actions", role: "group", "aria-label": rank + "的排序和删除" },
          h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "drafter-up", "data-path": path, disabled: j === 0, "aria-label": "把" + rank + "上移一位", text: "上移" }),
          h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "drafter-down", "data-path": path, disabled: j === count - 1, "aria-label": "把" + rank + "下移一位", text: "下移" }),
          h("button", { type: "button", class: "calc-button calc-button--small calc-button--quiet", "data-action": "drafter-remove", "data-path": path, "aria-label": "删除" + rank, text: "删除" }))));
  }

  var TYPE_FIELD = { key: "type", control: "select", label: "项目类型", choices: fixed("types") };

  function renderItem(item, i) {
    var path = "items." + i;
    return h("fieldset", { class: "calc-item", "data-field": fieldPath(path), "data-index": String(i) },
      h("legend", { text: "项目 " + (i + 1) + "：" + own(OPT.types, item.type) }),
      h("div", { class: "calc-item__head" },
        renderField(TYPE_FIELD, path + ".type", item.type, item, i),
        h("button", { type: "button", class: "calc-button calc-button--quiet", "data-action": "item-remove", "data-path": path, "aria-label": "删除此项目（项目 " + (i + 1) + "）", text: "删除此项目" })),
      h("div", { class: "calc-item__fields" }, own(FIELDS, item.type).map(function (spec) {
        return renderField(spec, path + "." + spec.key, own(item, spec.key), item, i);
      })));
  }

  function installForm(general, items) {
    put(els.general, general);
    put(els.items, items);
    if (!items.length) els.items.append(h("p", { class: "calc-empty", text: "还没有项目。请用下面的按钮添加。" }));
    updateAdders();
  }

  function renderForm(focus) {
    installForm(renderGeneral(scenario), scenario.items.map(renderItem));
    focusOn(focus);
    showErrors(lastState);
  }

  function renderItemAt(i, focus) {
    var old = els.items.querySelector(":scope > [data-index='" + i + "']");
    if (old) old.replaceWith(renderItem(scenario.items[i], i));
    focusOn(focus);
    showErrors(lastState);
  }

  function renderItemsFrom(i, focus) {
    // Items before i keep their numbers and their nodes; only the ones after a removal are redrawn.
    els.items.querySelectorAll(":scope > .calc-item").forEach(function (node) {
      if (Number(node.dataset.index) >= i) node.remove();
    });
    add(els.items, scenario.items.slice(i).map(function (item, k) { return renderItem(item, i + k); }));
    if (!scenario.items.length) els.items.append(h("p", { class: "calc-empty", text: "还没有项目。请用下面的按钮添加。" }));
    updateAdders();
    focusOn(focus);
    showErrors(lastState);
  }

  function setHint(path, text) { // in place: re-drawing the field would lose the caret while typing
    var hint = document.getElementById(controlId(path) + "-hint");
    if (hint) hint.textContent = text;
  }

  function focusOn(selector) {
    if (!selector) return;
    var target = root.querySelector(selector);
    if (target) target.focus();
  }

  function updateAdders() {
    root.classList.toggle("calc--many", scenario.items.length > 8); // see calculator.css
    var full = scenario.items.length >= LIMITS.items;
    els.adders.querySelectorAll("[data-action=add-item]").forEach(function (b) { b.disabled = full; });
    els.adders.querySelector(".calc-adders__limit").hidden = !full;
  }

  // ---------------------------------------------------------------- form events

  // Errors wait until the user has been in a field (or asked for the result): a blank form is not wrong.
  var touched = new WeakMap(); // object in the scenario -> keys of it the user has edited or left
  var revealed = new WeakSet(); // items (and the scenario) whose every problem is shown

  function markTouched(path) {
    var container = getIn(scenario, parentPath(path));
    if (!container || typeof container !== "object") return false;
    var keys = touched.get(container);
    if (!keys) touched.set(container, keys = new Set());
    var key = lastKey(path);
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  }

  function revealAll() {
    revealed.add(scenario);
    scenario.items.forEach(function (item) { revealed.add(item); });
  }

  function readControl(el) {
    var kind = el.dataset.kind;
    if (kind === "select" || kind === "radios") return optionValues.get(kind === "select" ? el.selectedOptions[0] : el);
    if (kind === "check") return el.checked;
    var value = el.value;
    if (kind === "date") return value === "" && el.dataset.optional ? ABSENT : value;
    if (kind === "number") {
      if (value === "") return el.dataset.optional ? ABSENT : "";
      var n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    if (kind === "text" && value === "" && el.dataset.optional) return ABSENT;
    return value;
  }

  function onInput(event) {
    var el = event.target;
    var path = el.dataset && el.dataset.path;
    if (!path) return;
    var kind = el.dataset.kind;
    // One event per edit: choices on change, typing on input.
    if (event.type !== (kind === "select" || kind === "check" || kind === "radios" ? "change" : "input")) return;
    markTouched(path);
    var value = readControl(el);
    var parts = path.split(".");
    if (parts[0] === "items" && parts.length === 3 && parts[2] === "type") return changeType(Number(parts[1]), value, el);
    setIn(scenario, path, value);
    if (path === "label" && (labelFromLink || labelNote)) { labelFromLink = false; labelNote = ""; setHint("label", GENERAL_FIELDS[1].hint); }
    if (path === "application_date" && dateFromLink) { dateFromLink = false; setHint("application_date", GENERAL_FIELDS[0].hint); }
    if (parts[0] === "items" && parts[2] === "body") { // the role list follows the body
      var item = scenario.items[Number(parts[1])];
      var roles = own(OPT.body_roles, value);
      if (roles && roles.indexOf(item.role) < 0) item.role = roles[0];
      renderItemAt(Number(parts[1]), "#" + el.id);
    }
    scenarioChanged();
  }

  function changeType(i, type, el) {
    if (type === scenario.items[i].type || !own(TEMPLATES, type)) return;
    scenario.items[i] = newItem(type, scenario.items[i]);
    if (labelFromLink && typeof scenario.label === "string") {
      // The name described the example as it came; it no longer does, and would be printed.
      labelNote = "原来的情景名称“" + scenario.label + "”来自打开的链接，已随项目类型的更改清除。";
      delete scenario.label;
      labelFromLink = false;
      document.getElementById(controlId("label")).value = "";
      setHint("label", labelNote);
      announce(labelNote);
    }
    lastState = null;
    renderItemAt(i, "#" + el.id);
    scenarioChanged();
  }

  function onLeave(event) {
    var path = event.target.dataset && event.target.dataset.path;
    if (path && markTouched(path) && lastState) {
      showErrors(lastState);
      renderPanel(lastState); // the item's entry in the results may now say what is wrong
    }
  }

  function onClick(event) {
    var button = event.target.closest("button[data-action]");
    if (!button || !root.contains(button)) return;
    var action = button.dataset.action;
    var path = button.dataset.path;
    if (action === "share") return share();
    if (action === "export") return exportJSON();
    if (action === "print") { beforePrint(); return window.print(); }
    if (action === "reset") return reset();
    if (action === "add-item") return addItem(button.dataset.type);
    if (!path) return;
    var keys = path.split(".");
    var i = Number(keys[1]);
    var index = Number(keys[keys.length - 1]);
    if (action === "item-remove") {
      scenario.items.splice(i, 1);
      lastState = null;
      var left = scenario.items.length;
      renderItemsFrom(i, left ? "#" + controlId("items." + Math.min(i, left - 1) + ".type") : "[data-action=add-item]");
      announce("已删除项目 " + (i + 1) + "。");
      return scenarioChanged();
    }
    var item = scenario.items[i];
    markTouched("items." + i + ".drafters");
    lastState = null; // problems are keyed by position, and positions are about to move
    if (action === "add-drafter") {
      if (item.drafters.length >= LIMITS.drafters) return;
      item.drafters.push(newDrafter());
      renderItemAt(i, "#" + controlId(path + "." + (item.drafters.length - 1) + ".name"));
      announce("已添加第 " + item.drafters.length + " 名起草单位。");
    } else if (action === "drafter-remove") {
      item.drafters.splice(index, 1);
      var base = "items." + i + ".drafters";
      renderItemAt(i, item.drafters.length ? "#" + controlId(base + "." + Math.min(index, item.drafters.length - 1) + ".name")
        : "[data-action=add-drafter][data-path='" + base + "']");
      announce("已删除第 " + (index + 1) + " 名起草单位。");
    } else if (action === "drafter-up" || action === "drafter-down") {
      var to = action === "drafter-up" ? index - 1 : index + 1;
      if (to < 0 || to >= item.drafters.length) return;
      var moved = item.drafters.splice(index, 1)[0];
      item.drafters.splice(to, 0, moved);
      var newPath = "items." + i + ".drafters." + to;
      var same = "[data-action=" + action + "][data-path='" + newPath + "']";
      var other = "[data-action=" + (action === "drafter-up" ? "drafter-down" : "drafter-up") + "][data-path='" + newPath + "']";
      renderItemAt(i, to === 0 || to === item.drafters.length - 1 ? other : same);
      var name = typeof moved.name === "string" && moved.name.trim() ? "“" + moved.name.trim() + "”" : "该起草单位";
      announce(name + "现在排名第 " + (to + 1) + " 名。");
    }
    scenarioChanged();
  }

  function addItem(type) {
    if (scenario.items.length >= LIMITS.items || !own(TEMPLATES, type)) return;
    scenario.items.push(newItem(type));
    var n = scenario.items.length - 1;
    var empty = els.items.querySelector(":scope > .calc-empty");
    if (empty) empty.remove();
    els.items.append(renderItem(scenario.items[n], n));
    updateAdders();
    focusOn("#" + controlId("items." + n + ".type"));
    announce("已添加项目 " + (n + 1) + "：" + OPT.types[type] + "。");
    scenarioChanged();
  }

  function reset() {
    var previous = { scenario: scenario, labelFromLink: labelFromLink, dateFromLink: dateFromLink };
    scenario = blankScenario();
    labelFromLink = dateFromLink = false;
    labelNote = "";
    lastState = null;
    renderForm("#" + controlId("items.0.drafters.0.name"));
    showNotice("已清空表单，可以重新开始。", "info", { label: "撤销清空", run: function () {
      scenario = previous.scenario;
      labelFromLink = previous.labelFromLink;
      dateFromLink = previous.dateFromLink;
      lastState = null;
      renderForm();
      scenarioChanged();
      announce("已恢复清空前的情景。");
    } });
    scenarioChanged();
  }

  // ---------------------------------------------------------------- evaluation

  var lastState = null;
  var inFlight = false;
  var dirty = false;

  function scenarioChanged() {
    saveSoon();
    scheduleEvaluate();
  }

  /* The finished items are computed; unfinished ones (required fields empty) and ones the rules
   * refuse are set aside with their message, so one incomplete item never hides the others'
   * results. The rules name one refusal at a time: each is set aside and the rest asked again. */
  function compute(snapshot) {
    var scn = JSON.parse(snapshot);
    var state = { scenario: scn, result: null, general: [], problems: {}, byIndex: {} };
    var included = [];
    scn.items.forEach(function (item, i) {
      var missing = formProblems(item, i, scn);
      if (missing.length) state.problems[i] = missing;
      else included.push(i);
    });
    function round() {
      var sub = { items: included.map(function (i) { return scn.items[i]; }) };
      if (scn.application_date !== undefined) sub.application_date = scn.application_date;
      if (scn.label !== undefined) sub.label = scn.label;
      return evaluateJSON(JSON.stringify(sub)).then(function (envelope) {
        var parsed = JSON.parse(envelope);
        if (parsed.ok) {
          state.result = parsed.result;
          parsed.result.items.forEach(function (r, n) { state.byIndex[included[n]] = r; });
          return state;
        }
        var path = dotPath(parsed.error.field || "");
        var m = /^items\.(\d+)(?=\.|$)/.exec(path);
        if (m && Number(m[1]) < included.length) {
          var k = included[Number(m[1])];
          state.problems[k] = [problem("items." + k + path.slice(m[0].length), scn, parsed.error.message)];
          included.splice(Number(m[1]), 1);
          return round();
        }
        state.general.push(problem(path, scn, parsed.error.message));
        return state;
      });
    }
    return round();
  }

  function scheduleEvaluate() {
    if (bootState.state !== "ready") {
      renderWaiting();
      return;
    }
    if (inFlight) { dirty = true; return; }
    inFlight = true;
    dirty = false;
    root.dataset.busy = "true"; // for scripts and tests: results are being recomputed
    var snapshot = JSON.stringify(scenario);
    function done() {
      inFlight = false;
      if (dirty) return scheduleEvaluate();
      root.dataset.busy = "false";
      root.dataset.rendered = String(Number(root.dataset.rendered || 0) + 1);
    }
    compute(snapshot).then(function (state) {
      if (!dirty) render(state); // a newer edit is waiting: draw that one instead
    }, function (error) {
      if (!dirty) render({ scenario: JSON.parse(snapshot), engineError: error.message, general: [], problems: {}, byIndex: {} });
    }).then(done, function (error) {
      done();
      throw error;
    });
  }

  function allProblems(state) {
    var out = state.general.slice();
    Object.keys(state.problems).sort(function (a, b) { return a - b; }).forEach(function (i) {
      out.push.apply(out, state.problems[i]);
    });
    return out;
  }

  function isShown(p) {
    if (!p.missing) return true; // a wrong value is there to see; only empty fields wait
    var parts = p.path.split(".");
    var owner = parts[0] === "items" ? getIn(scenario, "items." + parts[1]) : scenario;
    if (owner && typeof owner === "object" && revealed.has(owner)) return true;
    var container = getIn(scenario, parentPath(p.path));
    var keys = container && typeof container === "object" ? touched.get(container) : null;
    return !!(keys && keys.has(lastKey(p.path)));
  }

  function findField(path) {
    // The element for items[0].drafters[1].kind, or the nearest enclosing part that exists.
    var p = fieldPath(path);
    while (p) {
      var found = root.querySelector(".calc-form [data-field=\"" + CSS.escape(p) + "\"]");
      if (found) return found;
      var cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      p = cut > 0 ? p.slice(0, cut) : "";
    }
    return null;
  }

  function controlsOf(place) {
    return place.querySelectorAll(":scope > input, :scope > select, :scope > label > input, :scope > .calc-radios__list input");
  }

  /* A message box exists only while it has something to say: a 1000-row form carries no empty
   * ones. showErrors keeps what it added, so clearing needs no search of the form. */
  var shownErrors = [];
  var errorSerial = 0;

  function showErrors(state) {
    shownErrors.forEach(function (undo) { undo(); });
    shownErrors = [];
    if (!state || state.engineError) return;
    allProblems(state).forEach(function (p) {
      if (!isShown(p)) return;
      var place = findField(p.path);
      if (!place) return;
      var exact = place.dataset.field === fieldPath(p.path);
      var text = exact ? p.message : labelled(p);
      var box = place.querySelector(":scope > .calc-error");
      if (box) {
        box.textContent += "；" + text;
        return;
      }
      box = h("p", { class: "calc-error", id: "calc-error-" + ++errorSerial, text: text });
      place.append(box);
      var controls = controlsOf(place);
      shownErrors.push(function () { box.remove(); });
      controls.forEach(function (c) {
        var before = c.getAttribute("aria-describedby");
        c.setAttribute("aria-invalid", "true");
        c.setAttribute("aria-describedby", (before ? before + " " : "") + box.id);
        shownErrors.push(function () {
          c.removeAttribute("aria-invalid");
          if (before) c.setAttribute("aria-describedby", before); else c.removeAttribute("aria-describedby");
        });
      });
    });
  }

  function goTo(p) {
    var item = getIn(scenario, p.path.split(".").slice(0, 2).join("."));
    revealed.add(p.path.indexOf("items.") === 0 && item ? item : scenario);
    showErrors(lastState);
    renderPanel(lastState);
    var place = findField(p.path);
    var control = place && (controlsOf(place)[0] || place.querySelector("input, select, button"));
    if (control) control.focus();
  }

  // ---------------------------------------------------------------- results

  var lastTotalText = "";
  var announcedError = "";

  function render(state) {
    lastState = state;
    showErrors(state);
    renderPanel(state);
    renderSheet(state);
    var shown = allProblems(state).filter(isShown);
    if (state.engineError) {
      sayOnce("计算引擎出错：" + state.engineError);
    } else if (shown.length) {
      sayOnce("输入有误：" + labelled(shown[0]));
    } else if (state.result) {
      var totalText = "估算合计 " + yuan(state.result.total);
      if (totalText !== lastTotalText || announcedError) announce(totalText + "。");
      lastTotalText = totalText;
      announcedError = "";
    }
  }

  function sayOnce(text) {
    if (text !== announcedError) { announce(text); announcedError = text; }
    lastTotalText = "";
  }

  function setSummary(text, amount) {
    put(els.summary, h("span", { class: "calc-summary__text" }, text, amount ? h("strong", { text: amount }) : null),
      " ", h("span", { class: "calc-summary__more", text: "查看明细 ↓" }));
  }

  function renderWaiting() {
    var failed = bootState.state === "failed";
    setSummary(failed ? "计算引擎未能启动" : "计算引擎加载中……");
    put(els.results, h("p", { class: "calc-empty", text: failed ? "计算引擎未能启动，无法计算。请看页面上方的说明。"
      : "计算引擎加载完成后，这里会显示估算结果。" }));
    put(els.sheet, h("h2", { text: "标准化资助估算计算单" }), h("p", { text: "计算引擎尚未就绪，不能出具计算单。" }));
  }

  function goToButton(p) {
    var button = h("button", { type: "button", class: "calc-button calc-button--small", text: "转到这一项" });
    button.addEventListener("click", function () { goTo(p); });
    return button;
  }

  function renderPanel(state) {
    if (state.engineError) {
      put(els.results, h("div", { class: "calc-invalid" },
        h("p", { class: "calc-invalid__title", text: "计算出错" }), h("p", { text: state.engineError })));
      setSummary("计算出错");
      return;
    }
    var s = state.scenario;
    if (state.general.length) {
      put(els.results, h("div", { class: "calc-invalid" },
        h("p", { class: "calc-invalid__title", text: "还不能计算，请先修改：" }),
        state.general.map(function (p) {
          return h("p", { class: "calc-invalid__message" }, labelled(p), " ", goToButton(p));
        })));
      setSummary("还不能计算：请先修改输入");
      return;
    }
    var result = state.result;
    var pending = Object.keys(state.problems).map(Number).sort(function (a, b) { return a - b; });
    var computed = s.items.length - pending.length;
    var head;
    if (!computed && s.items.length) {
      head = h("p", { class: "calc-empty calc-waiting-input", text: "填写完项目后，这里会显示估算结果。" });
      setSummary(pending.length > 1 ? "请先填写各项目" : "请先填写项目");
    } else {
      head = h("p", { class: "calc-total" }, "预计资助合计",
        h("strong", { class: "calc-total__amount", "data-amount": result.total, text: yuan(result.total) }),
        pending.length ? h("span", { class: "calc-total__pending",
          text: "未计入：" + pending.map(function (i) { return "项目 " + (i + 1); }).join("、") + "（见下）" }) : null);
      setSummary("估算合计 ", yuan(result.total));
    }
    var units = result ? Object.keys(result.by_unit) : [];
    var notes = computed || !s.items.length ? result.notes : [];
    var byUnit = !computed ? null : units.length ? h("table", { class: "calc-table calc-by-unit" },
      h("caption", { text: "按单位汇总" }),
      h("thead", null, h("tr", null, h("th", { scope: "col", text: "单位" }), h("th", { scope: "col", class: "calc-num", text: "金额" }))),
      h("tbody", null, units.map(function (u) {
        return h("tr", null, h("th", { scope: "row", text: u }), h("td", { class: "calc-num", "data-amount": result.by_unit[u], text: yuan(result.by_unit[u]) }));
      }))) : h("p", { class: "calc-empty", text: "按目前的输入，没有可获得的资助。" });
    var items = h("ol", { class: "calc-result-items" }, s.items.map(function (item, i) {
      var r = state.byIndex[i];
      return r ? resultItem(r, item, i) : pendingItem(item, i, state.problems[i]);
    }));
    put(els.results, head,
      notes.length ? h("ul", { class: "calc-notes" }, notes.map(function (n) { return h("li", { text: n }); })) : null,
      byUnit, items, h("p", { class: "calc-disclaimer", text: DISCLAIMER }));
  }

  function itemNotes(r) { return r.notes.slice(); } // the rules' status text already names the successor

  function resultItem(r, item, i) {
    return h("li", { class: "calc-result-item calc-status-" + r.status, "data-status": r.status },
      h("h3", null, "项目 " + (i + 1) + "：" + describeItem(item), " ",
        h("span", { class: "calc-badge", text: own(STATUS_NAMES, r.status) || r.status })),
      r.status_text || r.clause ? h("p", { class: "calc-result-item__status" }, r.status_text,
        r.clause ? [" 依据：", clauseLink(r.clause, r.anchor), "。"] : null) : null,
      r.payments.length ? h("ul", { class: "calc-payments" }, r.payments.map(function (p) {
        return h("li", { class: "calc-payment" },
          h("p", { class: "calc-payment__head" },
            h("span", { class: "calc-payment__unit", text: p.unit }), " ",
            h("strong", { class: "calc-payment__amount", "data-amount": p.amount, text: yuan(p.amount) }), " ",
            clauseLink(p.clause, p.anchor, "calc-clause")),
          h("p", { class: "calc-payment__why", text: p.explanation }));
      })) : null,
      listOf(r.notes, "calc-notes"));
  }

  function pendingItem(item, i, problems) {
    var wrong = problems.some(function (p) { return !p.missing; });
    var status = wrong ? "invalid" : "incomplete";
    return h("li", { class: "calc-result-item calc-status-" + status, "data-status": status },
      h("h3", null, "项目 " + (i + 1) + "：" + describeItem(item), " ",
        h("span", { class: "calc-badge", text: PENDING_NAMES[status] })),
      h("p", { class: "calc-result-item__status", text: pendingText(wrong) }),
      listOf(problems.map(labelled), "calc-pending-list"),
      goToButton(problems[0]));
  }

  function pendingText(wrong) {
    return wrong ? "这一项需要修改，暂未计入合计：" : "这一项还没填完，暂未计入合计。还需填写：";
  }

  function listOf(texts, cls) {
    return texts.length ? h("ul", { class: cls }, texts.map(function (t) { return h("li", { text: t }); })) : null;
  }

  function announce(text) {
    // Re-set so the same message twice is read twice.
    els.announce.textContent = "";
    setTimeout(function () { els.announce.textContent = text; }, 50);
  }

  function describeItem(item) {
    switch (item.type) {
      case "standard": return (own(OPT.levels, item.level) || "标准") + (own(OPT.works, item.work) || "");
      case "tc_role": return (own(OPT.bodies, item.body) || "专业标准化技术组织") + " · " + (own(OPT.roles, item.role) || "职务未选");
      case "award": return (own(OPT.awards, item.award) || "标准贡献奖") + (own(OPT.grades, item.grade) || "");
      case "pilot": return (own(OPT.tiers, item.tier) || "") + "标准化试点（示范）项目";
      case "benchmarking": return OPT.types.benchmarking + (typeof item.count === "number" ? " " + item.count + " 项" : "");
      default: return own(OPT.types, item.type) || "";
    }
  }

  function clauseLink(clause, anchor, cls) {
    if (!/^[a-z0-9-]+$/.test(String(anchor))) return h("span", { text: clause });
    return h("a", { href: POLICY_URL + "#" + anchor, class: cls, text: clause, title: "在政策原文中查看" + clause });
  }

  var STATUS_NAMES = {
    eligible: "可获资助",
    ineligible: "不符合条件",
    old_policy: "适用原政策",
    expired: "超出有效期",
    window_closed: "已过申请期限",
  };
  var PENDING_NAMES = { incomplete: "未填完", invalid: "需要修改" };

  // ---------------------------------------------------------------- the printed calculation sheet

  function describeInputs(item) {
    var parts = [];
    var date = item.type === "standard" ? item.published : item.date;
    var blank = "（未填写）";
    if (item.type === "standard") {
      var drafters = Array.isArray(item.drafters) ? item.drafters : [];
      parts.push("起草单位：" + (drafters.map(function (d, j) {
        return (j + 1) + ". " + (isBlank(d.name) ? blank : d.name) + "（" + (own(OPT.kinds, d.kind) || "类型未选") + "）";
      }).join("；") || blank));
    } else {
      parts.push("单位：" + (isBlank(item.unit) ? blank : item.unit));
    }
    if (item.type === "award") parts.push(item.first_drafter ? "第一起草单位" : "非第一起草单位");
    if (item.type === "pilot") {
      parts.push(item.accepted ? "已通过验收" : "未通过验收");
      if (item.demonstration_years) {
        parts.push("推广示范 " + item.demonstration_years + " 年（" + (own(OPT.tiers, item.demonstration_tier || item.tier) || "") + "）");
      }
    }
    parts.push(own(OPT.event_date_labels, item.type) + "：" + (typeof date === "string" && date ? cnDate(date) : blank));
    return parts.join("；");
  }

  /* A record that stands on its own: every status and note the screen shows, the validity
   * assumption, the rules version, the dates and the name; black on white, A4 portrait. */
  function renderSheet(state) {
    var s = state.scenario;
    var result = state.result;
    var p = OPT.policy || {};
    var date = result ? cnDate(result.application_date) + (result.application_date_assumed ? "（未填写，按今天）" : "")
      : typeof s.application_date === "string" ? cnDate(s.application_date) : "（未填写，按今天）";
    var meta = h("table", { class: "calc-sheet__meta" }, h("tbody", null, [
      ["依据", (p.document_number || "厦府办规〔2020〕15号") + " 五(三)"],
      ["情景名称", typeof s.label === "string" && s.label ? s.label : "（未填写）"],
      ["申请日期", date],
      ["计算规则版本", OPT.rules_version],
      ["打印日期", cnDate(today())],
    ].map(function (row) { return h("tr", null, h("th", { scope: "row", text: row[0] }), h("td", { text: row[1] })); })));
    var scope = h("div", { class: "calc-sheet__scope" },
      h("p", { text: "本计算器只计算" + coveredText() + cnDate(p.issued) + "之前完成的项目按原政策执行；" +
        cnDate(p.last_day) + "之后发生的事项不适用本政策。" }),
      h("p", { text: "有效期：" + p.last_day_note }));
    var title = h("h2", { text: "标准化资助估算计算单" });
    if (state.engineError || state.general.length) {
      var why = state.engineError ? ["计算引擎出错：" + state.engineError] : state.general.map(labelled);
      put(els.sheet, title, meta, h("p", { class: "calc-sheet__refused", text: "输入有误，不能出具计算单：" }),
        listOf(why, "calc-sheet__notes-list"), scope, h("p", { class: "calc-sheet__disclaimer", text: DISCLAIMER }));
      return;
    }
    var rows = [];
    s.items.forEach(function (item, i) {
      var r = state.byIndex[i];
      var what = [h("strong", { text: describeItem(item) }), h("br"), describeInputs(item)];
      if (!r) {
        var problems = state.problems[i];
        var wrong = problems.some(function (x) { return !x.missing; });
        rows.push(h("tr", null, h("td", { text: String(i + 1) }), h("td", null, what),
          h("td", { class: "calc-nowrap", text: PENDING_NAMES[wrong ? "invalid" : "incomplete"] + "，未计入" }),
          h("td", { text: "—" }), h("td", { class: "calc-num", text: "—" }), h("td", { text: "—" }),
          h("td", { class: "calc-sheet__why" }, pendingText(wrong), listOf(problems.map(labelled), "calc-sheet__notes-list"))));
        return;
      }
      var payments = r.payments.length ? r.payments : [null];
      var notes = itemNotes(r);
      if (r.payments.length && r.status_text) notes.unshift(r.status_text);
      var span = String(payments.length + (notes.length ? 1 : 0));
      payments.forEach(function (pay, k) {
        rows.push(h("tr", null,
          k === 0 ? h("td", { rowspan: span, text: String(i + 1) }) : null,
          k === 0 ? h("td", { rowspan: String(payments.length) }, what) : null,
          k === 0 ? h("td", { rowspan: String(payments.length), class: "calc-nowrap", text: own(STATUS_NAMES, r.status) || r.status }) : null,
          h("td", { text: pay ? pay.unit : "—" }),
          h("td", { class: "calc-num", text: pay ? yuan(pay.amount) : "—" }),
          h("td", { class: "calc-nowrap", text: pay ? pay.clause : r.clause || "" }),
          h("td", { class: "calc-sheet__why", text: pay ? pay.explanation : r.status_text })));
      });
      if (notes.length) {
        rows.push(h("tr", { class: "calc-sheet__item-notes" },
          h("td", { colspan: "6" }, h("span", { class: "calc-sheet__label", text: "说明：" }), listOf(notes, "calc-sheet__notes-list"))));
      }
    });
    var units = result ? Object.keys(result.by_unit) : [];
    var computed = Object.keys(state.byIndex).length;
    var notes = result && (computed || !s.items.length) ? result.notes : [];
    put(els.sheet, title, meta, scope,
      h("table", { class: "calc-sheet__table" },
        h("thead", null, h("tr", null, ["序号", "项目与输入", "结果", "受资助单位", "金额", "条款", "计算说明"].map(function (t) { return h("th", { scope: "col", text: t }); }))),
        h("tbody", null, rows)),
      notes.length ? h("div", { class: "calc-sheet__general" }, h("p", { class: "calc-sheet__label", text: "计算说明：" }), listOf(notes, "calc-sheet__notes-list")) : null,
      h("table", { class: "calc-sheet__totals" },
        h("tbody", null, units.map(function (u) { return h("tr", null, h("th", { scope: "row", text: u }), h("td", { class: "calc-num", text: yuan(result.by_unit[u]) })); }),
          h("tr", { class: "calc-sheet__total" }, h("th", { scope: "row", text: Object.keys(state.problems).length ? "合计（未计入未填完或需要修改的项目）" : "合计" }),
            h("td", { class: "calc-num", text: result ? yuan(result.total) : "—" })))),
      h("p", { class: "calc-sheet__disclaimer", text: DISCLAIMER }));
  }

  function beforePrint() {
    // Printing is asking for the result: every problem is shown, and the sheet carries today's date.
    if (!lastState) return;
    revealAll();
    showErrors(lastState);
    renderPanel(lastState);
    renderSheet(lastState);
  }

  // ---------------------------------------------------------------- share, export, import, keep

  function showNotice(text, kind, undo) {
    var close = h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "dismiss", text: "知道了" });
    var back = undo ? h("button", { type: "button", class: "calc-button calc-button--small", text: undo.label }) : null;
    put(els.notice, h("p", { text: text }), back, close);
    els.notice.className = "calc-notice calc-notice--" + (kind || "error");
    els.notice.hidden = false;
    close.addEventListener("click", function () { els.notice.hidden = true; });
    if (back) back.addEventListener("click", function () { els.notice.hidden = true; undo.run(); });
  }

  var confirmTimer = 0;

  function confirmDone(text, ok) {
    // Beside the buttons, where the eyes are; the focus stays on the button that was pressed.
    clearTimeout(confirmTimer);
    els.confirm.className = "calc-confirm" + (ok === false ? " calc-confirm--manual" : "");
    els.confirm.textContent = (ok === false ? "" : "✓ ") + text;
    confirmTimer = setTimeout(function () { els.confirm.textContent = ""; }, 15000);
  }

  function keptText() {
    return isBlankScenario(scenario) ? "表单没有改动。" : "表单中原有的内容和结果保持不变。";
  }

  /* Take over a scenario from a link or a file. The new form is drawn aside first: if anything in
   * it cannot be drawn, the page keeps the old form and the old scenario, and says so. */
  function adopt(parsed, source) {
    var next = parsed.scenario;
    var general, items;
    var fromLink = source === "链接";
    var saved = { dateFromLink: dateFromLink, labelNote: labelNote };
    try {
      dateFromLink = fromLink && typeof next.application_date === "string" && next.application_date !== today();
      labelNote = "";
      general = renderGeneral(next);
      items = next.items.map(renderItem);
    } catch (error) {
      dateFromLink = saved.dateFromLink;
      labelNote = saved.labelNote;
      showNotice("无法打开" + source + "中的情景：其中有本页无法显示的内容。" + keptText());
      return false;
    }
    scenario = next;
    labelFromLink = typeof next.label === "string" && next.label.trim() !== "";
    revealAll(); // opening a scenario is asking for its result: its problems show at once
    lastState = null;
    installForm(general, items);
    scenarioChanged();
    if (parsed.dropped.length) {
      var list = parsed.dropped.slice(0, 5).join("、") + (parsed.dropped.length > 5 ? " 等" : "");
      showNotice(source + "中有本页不认识的内容，已忽略：" + list + "。", "warning");
    } else {
      els.notice.hidden = true;
    }
    return true;
  }

  function clearAddress() {
    if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  }

  function loadFragment(hash) {
    var parsed;
    try {
      parsed = decodeFragment(hash);
    } catch (error) {
      showNotice("无法打开链接中的情景：" + error.message + " " + keptText());
      clearAddress();
      return;
    }
    // The scenario now lives in the form (and this tab's storage), not in the address bar.
    clearAddress();
    if (adopt(parsed, "链接")) {
      if (performance.mark) performance.mark("calculator-opened"); // read by benchmarks/bench_calculator_form.py
      var name = typeof scenario.label === "string" && scenario.label ? "“" + scenario.label + "”" : "";
      confirmDone("已打开链接中的情景" + name + (dateFromLink ? "，申请日期按链接中的" + cnDate(scenario.application_date) : "") + "。");
    }
  }

  function share() {
    var url = location.href.split("#")[0] + encodeFragment(scenario);
    els.shareOut.value = url;
    els.shareBox.hidden = false;
    var manual = function () { confirmDone("浏览器没有允许自动复制，请从下面的框中复制分享链接。", false); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () {
        confirmDone("已复制分享链接，可以粘贴给需要的人。链接也显示在下面。");
      }, manual);
    } else {
      manual();
    }
  }

  function exportJSON() {
    var name = "资助估算情景-" + today() + ".json";
    var blob = new Blob([JSON.stringify(scenario, null, 2) + "\n"], { type: "application/json" });
    var a = h("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    confirmDone("已导出情景文件“" + name + "”，在浏览器的“下载内容”中可以找到。");
  }

  function onImport() {
    var file = els.importInput.files && els.importInput.files[0];
    els.importInput.value = "";
    if (!file) return;
    if (file.size > MAX_SCENARIO_BYTES) {
      showNotice("无法导入“" + file.name + "”：文件过大（" + Math.ceil(file.size / 1024) + " KB），上限是 256 KB。" + keptText());
      return;
    }
    file.text().then(function (text) {
      var parsed;
      try {
        parsed = parseScenarioText(text, "文件内容");
      } catch (error) {
        showNotice("无法导入“" + file.name + "”：" + error.message + " " + keptText());
        return;
      }
      if (adopt(parsed, "文件")) confirmDone("已打开文件“" + file.name + "”中的情景。");
    }, function () { showNotice("无法读取文件“" + file.name + "”。" + keptText()); });
  }

  var saveTimer = 0;

  function saveSoon() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveSession, 300);
  }

  function saveSession() {
    clearTimeout(saveTimer);
    if (!scenario) return;
    try {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify({ scenario: scenario, labelFromLink: labelFromLink, dateFromLink: dateFromLink }));
    } catch (e) { /* storage off or full: the form still works, a reload starts afresh */ }
  }

  function restoreSession() {
    var text = null;
    try { text = sessionStorage.getItem(SESSION_KEY); } catch (e) { /* storage off */ }
    if (!text) return false;
    try {
      var saved = JSON.parse(text);
      scenario = adoptScenario(saved.scenario).scenario; // same limits and checks as a link
      labelFromLink = saved.labelFromLink === true;
      dateFromLink = saved.dateFromLink === true;
      return true;
    } catch (e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- start

  if (!OPT) {
    if (window.subsidyCalculatorWorker) window.subsidyCalculatorWorker.take().worker.terminate();
    cannotStart({ what: "页面缺少计算器的选项数据（calc-options），页面可能没有经过完整构建。", fixes: ["重新运行 python3 build.py 构建网站。"] });
    return;
  }
  startWorker();
  if (bootState.state === "failed" || root.dataset.state === "failed") return;
  scenario = blankScenario();
  var restored = restoreSession();
  buildPage();
  renderForm();
  renderWaiting();
  if (isScenarioFragment(location.hash)) loadFragment(location.hash);
  else if (restored) confirmDone("已恢复您在这个标签页中填写的内容（只保存在本标签页，关闭后清除）。");
})();

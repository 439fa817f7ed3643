// Task pane and ribbon of "Chỉ số CCHC".
//
// A button (in the pane or on the ribbon) runs one of the Python scripts through
// xlwings' own client: getBookData() builds the request exactly as xlwings does, the
// server answers with actions, runActions() replays them in Excel. What this file adds:
// - every message the user sees is Vietnamese (from the server's catalogue, embedded in
//   the page as #cchc-text, so a lost connection can still be explained);
// - a sheet protected without a password (the generated workbook's input sheet) is
//   unprotected for the write and protected again with the same options; one with a
//   password is left alone and the user is told what to do;
// - the Python scripts hand the pane what to show through registered callbacks
//   (xlwings' runMacro action): cchcShowScore, cchcShowFindings, cchcShowExplanation;
// - a server with an access key (auth.js keeps it) gets it with every request; when the
//   server asks for one, the «Mã truy cập» box lets the user type it once.

const TEXT = JSON.parse(document.getElementById("cchc-text").textContent);
const SCRIPTS = ["score_workbook", "check_workbook", "explain_score"];
const VIEWS = ["cchc-score", "cchc-findings", "cchc-explain"];
let scriptsMeta = null;
let running = false;

function say(code, params = {}) {
  const template = TEXT[code] || code;
  return template.replace(/\{(\w+)\}/g, (m, key) =>
    key in params ? String(params[key]) : m,
  );
}

function $(selector, root = document) {
  return root.querySelector(selector);
}

function showBusy(on) {
  const box = $("#cchc-busy");
  $("[data-text]", box).textContent = say("addin_js_busy");
  box.classList.toggle("d-none", !on);
  document
    .querySelectorAll("[data-cchc-run]")
    .forEach((b) => (b.disabled = on));
}

function showError(text) {
  const box = $("#cchc-error");
  $("[data-text]", box).textContent = text;
  box.classList.toggle("d-none", !text);
}

function showView(id) {
  VIEWS.forEach((v) => $("#" + v).classList.toggle("d-none", v !== id));
}

// Put view[field] into every [data-field=field] under root; hide [data-if] without data.
function fill(root, view) {
  root.querySelectorAll("[data-field]").forEach((el) => {
    const value = view[el.dataset.field];
    el.textContent = value === null || value === undefined ? "" : String(value);
  });
  root.querySelectorAll("[data-if]").forEach((el) => {
    const value = view[el.dataset.if];
    const present = Array.isArray(value) ? value.length > 0 : Boolean(value);
    el.classList.toggle("d-none", !present);
  });
}

function findingItem(f) {
  const node = $("#tpl-finding").content.firstElementChild.cloneNode(true);
  fill(node, {
    ...f,
    item_label: f.item ? `Mục ${f.item}` : "",
    where: f.where || "",
  });
  node.classList.add("cchc-" + f.severity);
  const go = $("[data-go]", node);
  if (f.sheet && f.cell) {
    go.addEventListener("click", () => selectCell(f.sheet, f.cell, f.where));
    go.title = say("addin_js_selected", { where: f.where });
  } else {
    go.disabled = true;
  }
  return node;
}

async function selectCell(sheet, cell, where) {
  try {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(cell).select();
      await context.sync();
    });
    showError("");
  } catch (error) {
    console.error(error);
    showError(say("addin_js_cell_missing", { where }));
  }
}

// ---------------------------------------------------------------- callbacks

async function cchcShowScore(context, view) {
  fill($("#cchc-score"), view);
  showView("cchc-score");
}

async function cchcShowFindings(context, view) {
  const section = $("#cchc-findings");
  fill(section, view);
  const list = $("[data-list]", section);
  list.replaceChildren(...view.findings.map(findingItem));
  showView("cchc-findings");
}

async function cchcShowExplanation(context, view) {
  const section = $("#cchc-explain");
  fill(section, view);
  $("[data-list=rows]", section).replaceChildren(
    ...view.rows.map((row) => {
      const li = document.createElement("li");
      li.textContent = row.text;
      if (row.matched) li.classList.add("cchc-matched");
      return li;
    }),
  );
  $("[data-list=inputs]", section).replaceChildren(
    ...view.inputs.map((input) => {
      const node = $("#tpl-input").content.firstElementChild.cloneNode(true);
      fill(node, { ...input, where: input.where || "" });
      const go = $("[data-go]", node);
      if (input.sheet && input.cell) {
        go.addEventListener("click", () => selectCell(input.sheet, input.cell, input.where));
      } else {
        go.remove();
      }
      return node;
    }),
  );
  $("[data-list=recovery]", section).replaceChildren(
    ...view.recovery.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }),
  );
  $("[data-list=findings]", section).replaceChildren(
    ...view.findings.map(findingItem),
  );
  showView("cchc-explain");
}

// ---------------------------------------------------------------- running a script

async function loadScriptsMeta() {
  if (scriptsMeta) return scriptsMeta;
  const url =
    window.location.origin + config.appPath + "/xlwings/custom-scripts-meta.json";
  const response = await fetch(url);
  if (!response.ok) throw new Error(String(response.status));
  scriptsMeta = await response.json();
  return scriptsMeta;
}

class UserError extends Error {}

function accessHeaders() {
  const key = globalThis.cchcAccessKey ? globalThis.cchcAccessKey() : "";
  return key ? { Authorization: key } : {};
}

function showKeyForm(on) {
  $("#cchc-key").classList.toggle("d-none", !on);
  if (on) $("#cchc-key-input").focus();
}

async function callServer(scriptName, payload) {
  const url =
    window.location.origin + config.appPath + `/xlwings/custom-scripts-call/${scriptName}`;
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...accessHeaders() },
      body: JSON.stringify(payload),
    });
  } catch (error) {
    console.error(error);
    throw new UserError(say("addin_js_no_server"));
  }
  const plain = (response.headers.get("Content-Type") || "").startsWith("text/plain");
  if (response.status === 401) showKeyForm(true);
  if (response.status >= 400 && response.status < 500 && plain) {
    // the server's own Vietnamese message (a ScoringError, a refused request, or a
    // logged error with a reference)
    throw new UserError(await response.text());
  }
  if (!response.ok) {
    throw new UserError(say("addin_js_http", { status: response.status }));
  }
  return await response.json();
}

function saveKey(event) {
  event.preventDefault();
  const input = $("#cchc-key-input");
  const key = input.value.trim();
  if (!key) return;
  globalThis.cchcSetAccessKey(key);
  input.value = "";
  showKeyForm(false);
  showError("");
  $("#cchc-key-saved").textContent = say("addin_js_key_saved");
  $("#cchc-key-saved").classList.remove("d-none");
}

// Positions of the sheets the actions write to (a callback writes nothing).
function targetSheets(data) {
  const positions = new Set();
  for (const action of data.actions || []) {
    if (action.func !== "runMacro" && Number.isInteger(action.sheet_position)) {
      positions.add(action.sheet_position);
    }
  }
  return [...positions];
}

// Unprotect the target sheets that are protected without a password; returns what to
// restore. A sheet with a password stops everything before anything is written.
async function unprotectTargets(context, positions) {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  const targets = positions.map((p) => sheets.items[p]).filter(Boolean);
  targets.forEach((ws) => ws.protection.load("protected, options"));
  await context.sync();
  const restore = [];
  for (const ws of targets) {
    if (!ws.protection.protected) continue;
    try {
      ws.protection.unprotect();
      await context.sync();
    } catch (error) {
      console.error(error);
      await reprotect(context, restore);
      throw new UserError(say("addin_js_protected", { sheet: ws.name }));
    }
    restore.push({ ws, options: ws.protection.options });
  }
  return restore;
}

async function reprotect(context, restore) {
  for (const { ws, options } of restore) {
    ws.protection.protect(options);
  }
  if (restore.length) await context.sync();
}

async function run(scriptName) {
  if (running) return;
  running = true;
  showError("");
  showBusy(true);
  try {
    await Office.onReady();
    const meta = (await loadScriptsMeta()).find(
      (m) => m.function_name === scriptName,
    );
    await Excel.run(async (context) => {
      const payload = await xlwings.getBookData(
        { include: meta?.include || "", exclude: meta?.exclude || "" },
        context,
      );
      const data = await callServer(scriptName, payload);
      const restore = await unprotectTargets(context, targetSheets(data));
      try {
        await xlwings.runActions(data, context);
      } catch (error) {
        console.error(error);
        throw new UserError(
          say("addin_js_write_failed", { detail: error.message || String(error) }),
        );
      } finally {
        await reprotect(context, restore);
      }
    });
  } catch (error) {
    console.error(error);
    showError(
      error instanceof UserError
        ? error.message
        : say("addin_js_write_failed", { detail: error.message || String(error) }),
    );
  } finally {
    showBusy(false);
    running = false;
  }
}

// ---------------------------------------------------------------- wiring

function ribbon(scriptName) {
  return async (event) => {
    try {
      if (Office.addin?.showAsTaskpane) await Office.addin.showAsTaskpane();
    } catch (error) {
      console.error(error);
    }
    await run(scriptName);
    event.completed();
  };
}

document.querySelectorAll("[data-cchc-run]").forEach((button) => {
  button.addEventListener("click", () => {
    $("#cchc-key-saved").classList.add("d-none");
    run(button.dataset.cchcRun);
  });
});
$("#cchc-key").addEventListener("submit", saveKey);

function notInExcel() {
  // the reload prompt of xlwings (taskpane-reload.js) cannot help outside Office
  $("#xlwings-office-ready-error")?.remove();
  showError(say("addin_js_not_excel"));
  document.querySelectorAll("[data-cchc-run]").forEach((b) => (b.disabled = true));
}

globalThis.cchcOfficeReady.then((info) => {
  const host = info && info.host;
  if ((host && host !== Office.HostType.Excel) || (!host && globalThis.cchcOutsideOffice)) {
    notInExcel();
    return;
  }
  [cchcShowScore, cchcShowFindings, cchcShowExplanation].forEach((fn) =>
    xlwings.registerCallback(fn),
  );
  Office.actions.associate("cchc-score", ribbon("score_workbook"));
  Office.actions.associate("cchc-check", ribbon("check_workbook"));
  Office.actions.associate("cchc-explain", ribbon("explain_score"));
});

globalThis.cchc = { run, selectCell, scripts: SCRIPTS };

// A stand-in for office.js in headless Chromium: Office, CustomFunctions and an Excel
// object model over an in-memory workbook, enough for xlwings' getBookData/runActions
// and the task pane. Like Office.js, writes are queued and run at context.sync(); a
// write to a protected sheet fails there ("AccessDenied") and nothing of that batch
// is applied. The workbook comes from window.__CCHC_WORKBOOK__ (set by the test):
// {name, active, selection, sheets: [{name, values, protected, password, visibility}]}.
(function () {
  const BOOK = window.__CCHC_WORKBOOK__;
  const LOG = (window.__CCHC_LOG__ = []);

  function letter(index) {
    let out = "";
    index += 1;
    while (index) {
      const rest = (index - 1) % 26;
      out = String.fromCharCode(65 + rest) + out;
      index = Math.floor((index - 1) / 26);
    }
    return out;
  }
  function a1(r, c) {
    return letter(c) + (r + 1);
  }
  function parseCell(text) {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(text.toUpperCase());
    let c = 0;
    for (const ch of m[1]) c = c * 26 + (ch.charCodeAt(0) - 64);
    return [parseInt(m[2], 10) - 1, c - 1];
  }
  function parseAddress(text) {
    const [a, b] = text.split("!").pop().split(":");
    const [r0, c0] = parseCell(a);
    const [r1, c1] = b ? parseCell(b) : [r0, c0];
    return { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
  function officeError(code, message) {
    const error = new Error(message);
    error.code = code;
    return error;
  }
  const collection = (items = []) => ({
    items,
    load() {
      return this;
    },
  });
  const nullObject = () => ({
    isNullObject: true,
    load() {
      return this;
    },
  });

  class FakeSheet {
    constructor(spec, position) {
      this.name = spec.name;
      this.position = position;
      this.visibility = spec.visibility || "Visible";
      this.showGridlines = true;
      this.cells = new Map();
      (spec.values || []).forEach((row, r) =>
        row.forEach((v, c) => {
          if (v !== "" && v !== null) this.cells.set(`${r},${c}`, { value: v });
        }),
      );
      this.names = collection();
      this.tables = collection();
      this.shapes = collection();
      this.charts = collection();
      this.pivotTables = collection();
      this.pageLayout = { getPrintAreaOrNullObject: nullObject };
      const sheet = this;
      this.protection = {
        protected: Boolean(spec.protected),
        password: spec.password || null,
        options: { allowFormatColumns: true, allowFormatRows: true, allowInsertRows: false },
        load() {
          return this;
        },
        unprotect(password) {
          sheet.context.queue.push(() => {
            if (this.password && password !== this.password) {
              throw officeError("InvalidArgument", "The password is incorrect.");
            }
            this.protected = false;
            LOG.push(["unprotect", sheet.name]);
          });
        },
        protect(options) {
          sheet.context.queue.push(() => {
            this.protected = true;
            this.options = options || this.options;
            LOG.push(["protect", sheet.name, JSON.stringify(options || {})]);
          });
        },
      };
    }
    cell(r, c) {
      const key = `${r},${c}`;
      if (!this.cells.has(key)) this.cells.set(key, {});
      return this.cells.get(key);
    }
    write(what, fn) {
      this.context.queue.push(() => {
        if (this.protection.protected) {
          throw officeError("AccessDenied", `Sheet ${this.name} is protected (${what}).`);
        }
        fn();
      });
    }
    load() {
      return this;
    }
    activate() {
      this.context.queue.push(() => {
        BOOK.active = this.position;
      });
    }
    getRange(address) {
      const { r0, c0, rows, cols } = parseAddress(address);
      return new FakeRange(this, r0, c0, rows, cols);
    }
    getRangeByIndexes(r0, c0, rows, cols) {
      return new FakeRange(this, r0, c0, rows, cols);
    }
    getRanges() {
      const sheet = this;
      return {
        clear() {
          sheet.write("clear", () => {
            for (const cell of sheet.cells.values()) delete cell.value;
          });
        },
      };
    }
    getUsedRangeOrNullObject() {
      let rows = 0;
      let cols = 0;
      for (const [key, cell] of this.cells) {
        if (cell.value === undefined || cell.value === "") continue;
        const [r, c] = key.split(",").map(Number);
        rows = Math.max(rows, r + 1);
        cols = Math.max(cols, c + 1);
      }
      return rows ? new FakeRange(this, 0, 0, rows, cols) : nullObject();
    }
  }

  class FakeRange {
    constructor(sheet, r0, c0, rows, cols) {
      Object.assign(this, { sheet, r0, c0, rowCount: rows, columnCount: cols, isNullObject: false });
      const range = this;
      const setAll = (prop) => (value) =>
        sheet.write(prop, () => range.each((cell) => (cell[prop] = value)));
      this.format = {
        fill: {
          set color(value) {
            setAll("fill")(value);
          },
          clear() {
            setAll("fill")(null);
          },
        },
        font: new Proxy({}, { set: (t, prop, value) => (setAll(prop)(value), true) }),
        set wrapText(value) {
          setAll("wrap")(value);
        },
        set horizontalAlignment(value) {
          setAll("align")(value);
        },
        set columnWidth(value) {
          sheet.context.queue.push(() => LOG.push(["columnWidth", sheet.name, range.address, value]));
        },
        autofitColumns() {},
        autofitRows() {},
      };
    }
    get worksheet() {
      return this.sheet;
    }
    get address() {
      const end = a1(this.r0 + this.rowCount - 1, this.c0 + this.columnCount - 1);
      const start = a1(this.r0, this.c0);
      return `${this.sheet.name}!${start}${start === end ? "" : ":" + end}`;
    }
    load() {
      return this;
    }
    each(fn) {
      for (let i = 0; i < this.rowCount; i++)
        for (let j = 0; j < this.columnCount; j++) fn(this.sheet.cell(this.r0 + i, this.c0 + j), i, j);
    }
    matrix(fn) {
      const out = [];
      for (let i = 0; i < this.rowCount; i++) {
        const row = [];
        for (let j = 0; j < this.columnCount; j++) row.push(fn(this.sheet.cells.get(`${this.r0 + i},${this.c0 + j}`) || {}));
        out.push(row);
      }
      return out;
    }
    get values() {
      return this.matrix((cell) => (cell.value === undefined ? "" : cell.value));
    }
    set values(matrix) {
      this.sheet.write("values", () =>
        this.each((cell, i, j) => {
          const v = matrix[i][j];
          if (v === null) return; // null leaves the cell unchanged
          if (typeof v === "string" && v.startsWith("=")) throw officeError("InvalidArgument", "formula");
          cell.value = typeof v === "string" && v.startsWith("'") ? v.slice(1) : v;
        }),
      );
    }
    get numberFormat() {
      return this.matrix(() => "General");
    }
    set numberFormat(matrix) {
      if (matrix.length !== this.rowCount || matrix[0].length !== this.columnCount) {
        throw officeError("InvalidArgument", "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
      }
    }
    setCellProperties(properties) {
      this.sheet.write("setCellProperties", () =>
        this.each((cell, i, j) => {
          const fill = properties[i][j]?.format?.fill;
          if (!fill) return;
          cell.fill = fill.pattern === "None" ? null : fill.color;
        }),
      );
    }
    clear() {
      this.sheet.write("clear", () => this.each((cell) => delete cell.value));
    }
    select() {
      this.sheet.context.queue.push(() => {
        BOOK.selection = this.address.split("!").pop();
        LOG.push(["select", this.sheet.name, BOOK.selection]);
      });
    }
  }

  const SHEETS = BOOK.sheets.map((spec, i) => new FakeSheet(spec, i));
  window.__CCHC_SHEETS__ = SHEETS;

  class Context {
    constructor() {
      this.queue = [];
      SHEETS.forEach((s) => (s.context = this));
      const context = this;
      const worksheets = {
        items: SHEETS,
        load() {
          return this;
        },
        getItem(name) {
          const sheet = SHEETS.find((s) => s.name === name);
          if (!sheet) {
            context.queue.push(() => {
              throw officeError("ItemNotFound", `No sheet ${name}`);
            });
            const missing = new FakeSheet({ name, values: [] }, -1);
            missing.context = context;
            return missing;
          }
          return sheet;
        },
        getItemOrNullObject(name) {
          return SHEETS.find((s) => s.name === name) || nullObject();
        },
        getActiveWorksheet() {
          return SHEETS[BOOK.active];
        },
      };
      this.workbook = {
        name: BOOK.name,
        worksheets,
        names: collection(),
        application: { calculationMode: "Automatic", load() { return this; } },
        load() {
          return this;
        },
        getSelectedRange() {
          const sheet = SHEETS[BOOK.active];
          if (!BOOK.selection) {
            context.queue.push(() => {
              throw officeError("InvalidSelection", "no range selected");
            });
            return new FakeRange(sheet, 0, 0, 1, 1);
          }
          const { r0, c0, rows, cols } = parseAddress(BOOK.selection);
          return new FakeRange(sheet, r0, c0, rows, cols);
        },
      };
    }
    async sync() {
      const queue = this.queue;
      this.queue = [];
      for (const op of queue) op();
    }
  }

  window.Excel = {
    run: async (fn) => fn(new Context()),
    ClearApplyTo: { contents: "Contents", all: "All", formats: "Formats" },
    ShapeType: { image: "Image" },
    CalculationType: { full: "Full" },
  };
  const associated = (window.__CCHC_ACTIONS__ = {});
  window.Office = {
    HostType: { Excel: "Excel" },
    onReady(callback) {
      const info = { host: "Excel", platform: "PC" };
      if (callback) setTimeout(() => callback(info), 0);
      return Promise.resolve(info);
    },
    context: {
      displayLanguage: "vi-VN",
      requirements: {
        isSetSupported(name, version) {
          // ExcelApi up to 1.17: range colours (1.9) yes, notes (1.18) no
          if (name === "ExcelApi") return parseInt(String(version || "1.1").split(".")[1], 10) <= 17;
          return true;
        },
      },
    },
    actions: { associate: (name, fn) => (associated[name] = fn) },
    addin: { showAsTaskpane: async () => LOG.push(["showAsTaskpane"]) },
  };
  window.CustomFunctions = {
    associate() {},
    Error: class extends Error {},
    ErrorCode: { invalidValue: "#VALUE!" },
  };
})();

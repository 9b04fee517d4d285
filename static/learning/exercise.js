// The exercise page with JavaScript: a code editor in place of the textarea, and Run, which
// checks the visible tests in the browser (Pyodide in a Web Worker). Submit stays a plain
// form (htmx posts it); the textarea always holds the code, so nothing depends on this file.
const form = document.getElementById("exercise-form");
const textarea = document.getElementById("id_code");
const runButton = document.getElementById("run-button");
const stopButton = document.getElementById("stop-button");
const output = document.getElementById("run-result");
const tests = document.getElementById("visible-tests").value;
let worker = null;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function status(text) {
  output.replaceChildren(element("p", "text-sm", text));
}

function hintFor(testId) {
  const hint = testId && document.querySelector(`#hints [data-test="${CSS.escape(testId)}"] dd`);
  return hint ? hint.textContent.trim() : "";
}

function showResult(result) {
  const box = element("div", "card");
  const passed = result.verdict === "passed";
  const heading = element("p", "font-semibold");
  heading.append(element("span", passed ? "badge badge-success" : "badge badge-danger", passed ? "Passed" : "Not yet"), ` ${result.summary} (in your browser)`);
  box.append(heading);
  const list = element("ol", "mt-3 space-y-2");
  for (const test of result.tests || []) {
    const item = element("li", "rounded-lg border border-slate-200 p-2 dark:border-slate-700");
    const line = element("p");
    line.append(element("span", test.status === "pass" ? "badge badge-success" : "badge badge-danger", test.status), ` ${test.name}`);
    item.append(line);
    if (test.message) item.append(element("pre", "mt-1 overflow-x-auto whitespace-pre-wrap text-sm", test.message));
    const hint = test.status === "pass" ? "" : hintFor(test.id);
    if (hint) item.append(element("p", "mt-1 text-sm", `Hint: ${hint}`));
    if (test.output) {
      const details = element("details", "mt-1 text-sm");
      details.append(element("summary", "", "Printed output"), element("pre", "overflow-x-auto whitespace-pre-wrap", test.output));
      item.append(details);
    }
    list.append(item);
  }
  box.append(list);
  if (passed) box.append(element("p", "mt-2 text-sm", "Now press Submit: our server checks every test, including hidden ones."));
  output.replaceChildren(box);
}

function stop(message) {
  if (worker) worker.terminate();
  worker = null;
  runButton.disabled = false;
  stopButton.hidden = true;
  if (message) status(message);
}

function run() {
  if (!worker) {
    worker = new Worker(form.dataset.workerUrl, { type: "module" });
    worker.onmessage = (event) => {
      const data = event.data;
      if (data.type === "loading") status("Starting Python in your browser (the first run downloads about 12 MB)…");
      else if (data.type === "running") status("Running the tests…");
      else if (data.type === "result") {
        showResult(data.result);
        runButton.disabled = false;
        stopButton.hidden = true;
      } else if (data.type === "error") stop(`Run failed: ${data.message}`);
    };
    worker.onerror = (event) => stop(`Run failed: ${event.message || "the browser could not start Python"}`);
  }
  runButton.disabled = true;
  stopButton.hidden = false;
  const pyodideUrl = new URL(form.dataset.pyodideUrl, document.baseURI).href;
  const runnerUrl = new URL(form.dataset.runnerUrl, document.baseURI).href;
  worker.postMessage({ pyodideUrl, runnerUrl, code: textarea.value, tests });
}

async function mountEditor() {
  try {
    const { mountEditor: mount } = await import(form.dataset.editorUrl);
    const nonce = document.querySelector("script[nonce]")?.nonce || "";
    mount({ parent: document.getElementById("editor-mount"), textarea, nonce, label: "Your code (Python)" });
    textarea.hidden = true;
  } catch (error) {
    // The textarea keeps working.
    console.warn("Code editor not loaded:", error);
  }
}

if (form && textarea) {
  if (typeof Worker !== "undefined" && typeof WebAssembly !== "undefined") {
    runButton.hidden = false;
    runButton.addEventListener("click", run);
    stopButton.addEventListener("click", () => stop("Stopped."));
  }
  mountEditor();
}

// Runs an exercise's visible tests in Pyodide, off the page's main thread. The page sends
// {pyodideUrl, runnerUrl, code, tests}; the worker answers {type: "loading"}, then
// {type: "result", result} or {type: "error", message}. The page's Stop button terminates
// the worker, which is the only way to stop Python running an endless loop.
let ready = null;

async function start(pyodideUrl, runnerUrl) {
  const { loadPyodide } = await import(pyodideUrl + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: pyodideUrl, stdout: () => {}, stderr: () => {} });
  const response = await fetch(runnerUrl);
  if (!response.ok) throw new Error("Could not load the test runner.");
  const namespace = pyodide.toPy({ __name__: "exercise_runner" });
  pyodide.runPython(await response.text(), { globals: namespace });
  return namespace.get("run_in_browser");
}

self.onmessage = async (event) => {
  const { pyodideUrl, runnerUrl, code, tests } = event.data;
  try {
    if (ready === null) {
      self.postMessage({ type: "loading" });
      ready = start(pyodideUrl, runnerUrl);
    }
    const runInBrowser = await ready;
    self.postMessage({ type: "running" });
    self.postMessage({ type: "result", result: JSON.parse(runInBrowser(code, tests)) });
  } catch (error) {
    ready = null;
    self.postMessage({ type: "error", message: String(error && error.message ? error.message : error) });
  }
};

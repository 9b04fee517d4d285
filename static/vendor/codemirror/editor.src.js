// The exercise page's code editor: CodeMirror 6 with Python highlighting, line numbers and
// Tab to indent (Escape then Tab leaves the editor, as CodeMirror documents for keyboard users).
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit } from "@codemirror/language";
import { python } from "@codemirror/lang-python";

export function mountEditor({ parent, textarea, nonce, label }) {
  const view = new EditorView({
    doc: textarea.value,
    parent,
    extensions: [
      basicSetup,
      python(),
      indentUnit.of("    "),
      keymap.of([indentWithTab]),
      EditorView.cspNonce.of(nonce || ""),
      EditorView.contentAttributes.of({ "aria-label": label || "Code editor" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) textarea.value = update.state.doc.toString();
      }),
    ],
  });
  return view;
}

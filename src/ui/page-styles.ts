/** The live page's own styles, on top of the report's (BASE_CSS). */
export const PAGE_CSS = `
main.ui {
  display: grid; grid-template-columns: minmax(300px, 340px) minmax(0, 1fr); gap: 16px; align-items: start;
}
@media (max-width: 900px) { main.ui { grid-template-columns: minmax(0, 1fr); } }
.form-card h2 { font-size: 15px; margin: 0 0 10px; }
.field { display: flex; flex-direction: column; gap: 3px; margin: 0 0 10px; min-width: 0; }
.field label { font-size: 12px; font-weight: 600; color: var(--muted); }
.field input, .field select, .field textarea {
  font: inherit; padding: 6px 8px; border: 1px solid #d1d5db; border-radius: 5px; background: #fff;
  width: 100%; min-width: 0; color: var(--fg);
}
.field textarea { font-family: var(--mono); font-size: 12.5px; resize: vertical; }
.field input:focus, .field select:focus, .field textarea:focus { outline: 2px solid #bfdbfe; border-color: var(--accent); }
.field [aria-invalid="true"] { border-color: var(--bad); background: var(--bad-bg); }
.field .hint { color: var(--muted); font-size: 11.5px; }
.err { color: var(--bad); font-size: 12px; overflow-wrap: anywhere; }
.err:empty { display: none; }
.row2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 10px; }
fieldset.seed { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px 0; margin: 0 0 10px; }
label.check { display: flex; align-items: center; gap: 6px; font-weight: 600; margin: 0 0 8px; }
details.advanced { margin: 0 0 10px; }
details.advanced summary { cursor: pointer; color: var(--accent); margin: 0 0 8px; }
.buttons { display: flex; gap: 10px; }
button {
  font: inherit; font-weight: 600; padding: 7px 18px; border-radius: 6px; border: 1px solid #d1d5db;
  background: #fff; color: var(--fg); cursor: pointer;
}
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button#stop:not(:disabled) { border-color: var(--bad); color: var(--bad); }
button:disabled { opacity: .5; cursor: default; }
.live-col { min-width: 0; }
.live-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; margin: 0 0 10px; }
.live-head h2 { font-size: 15px; margin: 0; }
#live .stats { margin: 0 0 12px; grid-template-columns: repeat(4, minmax(0, 1fr)); }
@media (max-width: 600px) { #live .stats { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
#steps h2 .muted { font-weight: 400; font-size: 12px; }
.end-part { margin: 12px 0 0; }
.end-part h3 { font-size: 13px; margin: 0 0 6px; }
#end .stats { margin: 0 0 4px; grid-template-columns: repeat(3, minmax(0, 1fr)); }
@media (max-width: 600px) { #end .stats { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.downloads { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 12px 0 0; }
.downloads a { color: var(--accent); font-weight: 600; }
pre.log { max-height: 220px; overflow-y: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.log .warn { color: var(--warn); }
pre.log .error { color: var(--bad); }
`;

/**
 * The report page's stylesheet, inlined into its <style> as it is (a constant: no user string ever reaches it, and
 * escaping would turn its quotes into entities, which CSS does not read). Installed fonts only (nothing to download); no `system-ui`,
 * which Chromium on Linux may resolve to a serif face.
 */
export const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
header, main { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; padding-bottom: 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 24px; margin: 4px 0; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 32px 0 12px; }
h3 { font-size: 16px; margin: 0 0 8px; }
.eyebrow { text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: var(--accent); margin: 0; font-weight: 600; }
.muted { color: var(--muted); }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; white-space: pre-wrap; margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--panel); }
.card-label { font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
.card-value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.notes { margin-top: 16px; border-left: 4px solid #E69F00; background: #fff8e6; padding: 10px 14px; border-radius: 0 6px 6px 0; }
.notes ul { margin: 0; padding-left: 20px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 24px; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 14px; min-width: 0; }
svg.plot { width: 100%; height: auto; display: block; font-family: inherit; }
svg.plot .grid { stroke: #eaeef2; stroke-width: 1; }
svg.plot .frame { fill: none; stroke: #8c959f; stroke-width: 1; }
svg.plot .tick { font-size: 12px; fill: var(--muted); }
svg.plot .axis-label { font-size: 13px; fill: var(--ink); }
svg.plot .series { fill: none; stroke-linejoin: round; stroke-linecap: round; }
svg.plot .error-bars line { stroke-width: 1.2; }
.reference { stroke: #8c959f; stroke-width: 1.2; stroke-dasharray: 5 4; }
.legend { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { width: 28px; height: 10px; flex: none; }
table { border-collapse: collapse; width: 100%; margin: 10px 0 4px; font-size: 13px; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: right; }
th:first-child { text-align: left; }
thead th { border-bottom: 2px solid var(--line); }
details { margin-top: 6px; font-size: 13px; }
summary { cursor: pointer; color: var(--accent); }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 16px; }
.kv dt { color: var(--muted); }
.kv dd.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.kv dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
@media (max-width: 520px) { .grid { grid-template-columns: 1fr; } .kv { grid-template-columns: 1fr; } }
@media print { details { display: none; } figure.chart { break-inside: avoid; } }
`;

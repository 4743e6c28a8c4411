/** Inline SVG charts (no scripts, no external resources) for the HTML report. */

export function esc(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export interface Bar {
  label: string;
  value: number;
  color: string;
}

/** A horizontal bar chart; labels on the left, values at the end of each bar. */
export function barChart(title: string, bars: Bar[], width = 420): string {
  const rowH = 22;
  const labelW = 150;
  const valueW = 40;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const h = bars.length * rowH + 8;
  const rows = bars
    .map((b, i) => {
      const y = 4 + i * rowH;
      const w = Math.round(((width - labelW - valueW) * b.value) / max);
      return (
        `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" class="lbl">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 6}" rx="2" fill="${b.color}"/>` +
        `<text x="${labelW + w + 4}" y="${y + 15}" class="val">${b.value}</text>`
      );
    })
    .join("");
  return (
    `<figure><figcaption>${esc(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}">${rows}</svg></figure>`
  );
}

/** A donut of parts (policy outcomes), with a legend. */
export function donut(title: string, parts: Bar[], size = 140): string {
  const total = parts.reduce((n, p) => n + p.value, 0);
  const r = size / 2 - 12;
  const c = size / 2;
  const circumference = 2 * Math.PI * r;
  let offset = 0;
  const arcs = parts
    .filter((p) => p.value > 0)
    .map((p) => {
      const len = total ? (circumference * p.value) / total : 0;
      const arc = `<circle cx="${c}" cy="${c}" r="${r.toFixed(2)}" fill="none" stroke="${p.color}" stroke-width="18" stroke-dasharray="${len.toFixed(2)} ${(circumference - len).toFixed(2)}" stroke-dashoffset="${(-offset).toFixed(2)}" transform="rotate(-90 ${c} ${c})"/>`;
      offset += len;
      return arc;
    })
    .join("");
  const empty =
    total === 0
      ? `<circle cx="${c}" cy="${c}" r="${r.toFixed(2)}" fill="none" stroke="#ddd" stroke-width="18"/>`
      : "";
  const legend = parts
    .map(
      (p) =>
        `<li><span class="sw" style="background:${p.color}"></span>${esc(p.label)} <b>${p.value}</b></li>`,
    )
    .join("");
  return (
    `<figure><figcaption>${esc(title)}</figcaption><div class="donut">` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}">${empty}${arcs}` +
    `<text x="${c}" y="${c + 6}" text-anchor="middle" class="total">${total}</text></svg><ul>${legend}</ul></div></figure>`
  );
}

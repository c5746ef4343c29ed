// Draws the toolbar icons (16, 32, 48, 128 px) into src/icons: a sheet of paper with a highlighted line on a
// Hugging Face yellow-to-orange tile. Run by hand (`node make-icons.mjs`) after changing the drawing; the PNGs are
// committed. Plain zlib + a 4×4 supersample per pixel, so no image library is needed.
import { deflateSync } from 'node:zlib';
import { mkdir, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

/** @typedef {[number, number, number, number]} Rgba */

/** Inside a rounded rectangle (all in unit coordinates)? */
const inRoundRect = (x, y, left, top, right, bottom, radius) => {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};

/** The colour of the drawing at a point of the unit square (later layers paint over earlier ones). @returns {Rgba} */
function colourAt(x, y) {
  /** @type {Rgba} */
  let colour = [0, 0, 0, 0];
  if (inRoundRect(x, y, 0.02, 0.02, 0.98, 0.98, 0.22)) {
    const t = y; // yellow (#ffd21e) at the top to orange (#ff9d00) at the bottom
    colour = [255, Math.round(0xd2 + (0x9d - 0xd2) * t), Math.round(0x1e * (1 - t)), 255];
  }
  // The page, its top-right corner folded down: cut off above the diagonal, a grey flap below it.
  const inCorner = x > 0.6 && y < 0.32;
  const aboveFold = x - 0.6 > y - 0.16;
  if (inRoundRect(x, y, 0.24, 0.16, 0.76, 0.84, 0.06) && !(inCorner && aboveFold)) {
    colour = inCorner && x <= 0.76 && y >= 0.16 ? [209, 213, 219, 255] : [255, 255, 255, 255];
  }
  const line = (top, right) => x >= 0.33 && x <= right && y >= top && y <= top + 0.07;
  if (x >= 0.3 && x <= 0.7 && y >= 0.44 && y <= 0.58) colour = [255, 210, 30, 255]; // the highlight
  if (line(0.3, 0.55) || line(0.475, 0.67) || line(0.65, 0.67)) colour = [17, 24, 39, 255];
  return colour;
}

/** The icon at `size` pixels as PNG bytes; the web library draws its PWA icons with it (web/make-icons.mjs). @param {number} size */
export function render(size) {
  const samples = 4;
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0 (none), then RGBA
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [r, g, b, a] = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          sum[0] += r * a; sum[1] += g * a; sum[2] += b * a; sum[3] += a;
        }
      }
      const alpha = sum[3] / (samples * samples);
      const offset = 1 + px * 4;
      for (let c = 0; c < 3; c++) row[offset + c] = sum[3] ? Math.round(sum[c] / sum[3]) : 0;
      row[offset + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  return png(size, Buffer.concat(rows));
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** @param {Buffer} bytes */
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
/** @param {string} type @param {Buffer} data */
const chunk = (type, data) => {
  const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
/** @param {number} size @param {Buffer} raw */
function png(size, raw) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4);
  header[8] = 8; header[9] = 6; // 8-bit RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const folder = new URL('./src/icons/', import.meta.url);
  await mkdir(folder, { recursive: true });
  for (const size of [16, 32, 48, 128]) await writeFile(new URL(`icon-${size}.png`, folder), render(size));
}

import sharp from 'sharp';

/** Soft label colours and the glass or tube colour that goes with each. */
const palettes: [string, string, string][] = [
  ['#1f6f5c', '#3d9c82', '#15524a'],
  ['#8c3b5e', '#b8648a', '#6a2746'],
  ['#c07a2c', '#e0a55b', '#8f5618'],
  ['#3d5a8c', '#6684b8', '#2a3f66'],
  ['#6b5b95', '#9486be', '#4d4070'],
];

const shapes: Record<string, (c: [string, string, string]) => string> = {
  // A pump bottle.
  'Hair care': ([a, b]) => `
    <rect x="370" y="120" width="60" height="90" fill="#2b2b2b"/>
    <rect x="330" y="95" width="140" height="30" rx="8" fill="#2b2b2b"/>
    <rect x="350" y="200" width="100" height="70" rx="14" fill="#333"/>
    <rect x="260" y="260" width="280" height="440" rx="70" fill="url(#g)"/>
    <rect x="300" y="400" width="200" height="150" rx="12" fill="#fbf7f0"/>
    <rect x="330" y="440" width="140" height="14" rx="7" fill="${a}"/>
    <rect x="350" y="470" width="100" height="10" rx="5" fill="${b}"/>
    <rect x="275" y="290" width="24" height="380" rx="12" fill="#fff" opacity="0.25"/>`,
  // A spray can.
  Styling: ([a, b]) => `
    <rect x="360" y="130" width="80" height="70" rx="10" fill="#d8d8d8"/>
    <rect x="300" y="190" width="200" height="40" rx="16" fill="#bdbdbd"/>
    <rect x="290" y="220" width="220" height="480" rx="40" fill="url(#g)"/>
    <rect x="290" y="380" width="220" height="160" fill="#fbf7f0"/>
    <rect x="330" y="430" width="140" height="16" rx="8" fill="${a}"/>
    <rect x="350" y="462" width="100" height="10" rx="5" fill="${b}"/>
    <rect x="305" y="240" width="22" height="440" rx="11" fill="#fff" opacity="0.25"/>`,
  // A cream jar.
  'Skin care': ([a, b]) => `
    <rect x="220" y="330" width="360" height="80" rx="18" fill="${a}"/>
    <rect x="240" y="400" width="320" height="270" rx="40" fill="url(#g)"/>
    <rect x="280" y="470" width="240" height="120" rx="10" fill="#fbf7f0"/>
    <rect x="320" y="510" width="160" height="14" rx="7" fill="${a}"/>
    <rect x="345" y="540" width="110" height="10" rx="5" fill="${b}"/>
    <rect x="255" y="420" width="22" height="230" rx="11" fill="#fff" opacity="0.25"/>`,
  // A nail polish bottle.
  Nails: ([a]) => `
    <rect x="350" y="130" width="100" height="260" rx="16" fill="#222"/>
    <rect x="270" y="380" width="260" height="320" rx="50" fill="url(#g)"/>
    <rect x="300" y="500" width="200" height="90" rx="10" fill="#fbf7f0" opacity="0.9"/>
    <rect x="340" y="535" width="120" height="14" rx="7" fill="${a}"/>
    <rect x="285" y="400" width="24" height="280" rx="12" fill="#fff" opacity="0.3"/>`,
  // A tube standing on its cap.
  Body: ([a, b]) => `
    <path d="M300 150 L500 150 L470 600 L330 600 Z" fill="url(#g)"/>
    <rect x="290" y="130" width="220" height="30" rx="6" fill="${a}"/>
    <rect x="340" y="600" width="120" height="90" rx="14" fill="#2b2b2b"/>
    <rect x="345" y="300" width="110" height="120" rx="10" fill="#fbf7f0"/>
    <rect x="365" y="340" width="70" height="12" rx="6" fill="${b}"/>`,
};

const hash = (text: string) => [...text].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);

/**
 * A product shot of sorts for the demo shop: the kind of container its category sells, in colours
 * of its own, on a soft backdrop. A PNG, or null for categories drawn no container (tools, gifts).
 */
export async function demoPicture(name: string, category: string): Promise<Buffer | null> {
  const shape = shapes[category];
  if (!shape) return null;
  const colours = palettes[hash(name) % palettes.length]!;
  const [a, b, c] = colours;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480" viewBox="0 0 800 800">
    <defs>
      <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="#f7f1e8"/><stop offset="1" stop-color="#e3eee9"/>
      </linearGradient>
      <linearGradient id="g" x1="0" y1="0" x2="1" y2="0">
        <stop offset="0" stop-color="${a}"/><stop offset="0.5" stop-color="${b}"/><stop offset="1" stop-color="${c}"/>
      </linearGradient>
    </defs>
    <rect width="800" height="800" fill="url(#bg)"/>
    <ellipse cx="400" cy="705" rx="210" ry="28" fill="#000" opacity="0.1"/>
    ${shape(colours)}
  </svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 1 }).toBuffer();
}

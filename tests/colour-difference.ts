/**
 * CIEDE2000 colour difference between sRGB colours, for the tests that check that map layers
 * stay apart (the unit test on the palette and the browser test that samples pixels). Written
 * out here from Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula:
 * implementation notes", and checked against their published test pairs, so that the tests do
 * not measure the app with its own code.
 */
export type Rgb = readonly [number, number, number]
export type Lab = readonly [number, number, number]

const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)

/** sRGB 0–255 → CIELAB, D65 white. */
export function rgbToLab(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map(lin)
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883
  const f = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29)
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))]
}

const deg = (rad: number) => (rad * 180) / Math.PI
const rad = (d: number) => (d * Math.PI) / 180

/** ΔE00 between two CIELAB colours (kL = kC = kH = 1). */
export function deltaE2000Lab(c1: Lab, c2: Lab): number {
  const [L1, a1, b1] = c1, [L2, a2, b2] = c2
  const Cab = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2
  const G = 0.5 * (1 - Math.sqrt(Cab ** 7 / (Cab ** 7 + 25 ** 7)))
  const ap1 = (1 + G) * a1, ap2 = (1 + G) * a2
  const Cp1 = Math.hypot(ap1, b1), Cp2 = Math.hypot(ap2, b2)
  const hue = (b: number, ap: number) => (b === 0 && ap === 0 ? 0 : (deg(Math.atan2(b, ap)) + 360) % 360)
  const hp1 = hue(b1, ap1), hp2 = hue(b2, ap2)
  const dL = L2 - L1, dC = Cp2 - Cp1
  let dh = 0
  if (Cp1 * Cp2 !== 0) {
    dh = hp2 - hp1
    if (dh > 180) dh -= 360
    else if (dh < -180) dh += 360
  }
  const dH = 2 * Math.sqrt(Cp1 * Cp2) * Math.sin(rad(dh / 2))
  const Lm = (L1 + L2) / 2, Cm = (Cp1 + Cp2) / 2
  let hm = hp1 + hp2
  if (Cp1 * Cp2 !== 0) {
    if (Math.abs(hp1 - hp2) <= 180) hm /= 2
    else hm = hp1 + hp2 < 360 ? (hm + 360) / 2 : (hm - 360) / 2
  }
  const T = 1 - 0.17 * Math.cos(rad(hm - 30)) + 0.24 * Math.cos(rad(2 * hm)) + 0.32 * Math.cos(rad(3 * hm + 6)) - 0.2 * Math.cos(rad(4 * hm - 63))
  const dTheta = 30 * Math.exp(-(((hm - 275) / 25) ** 2))
  const Rc = 2 * Math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7))
  const Sl = 1 + (0.015 * (Lm - 50) ** 2) / Math.sqrt(20 + (Lm - 50) ** 2)
  const Sc = 1 + 0.045 * Cm, Sh = 1 + 0.015 * Cm * T
  const Rt = -Math.sin(rad(2 * dTheta)) * Rc
  return Math.sqrt((dL / Sl) ** 2 + (dC / Sc) ** 2 + (dH / Sh) ** 2 + Rt * (dC / Sc) * (dH / Sh))
}

export const deltaE2000 = (a: Rgb, b: Rgb) => deltaE2000Lab(rgbToLab(a), rgbToLab(b))

/** `top` at opacity `alpha` (0–255) over an opaque `under`, as the browser blends it (8-bit result). */
export function over(top: Rgb, alpha: number, under: Rgb): Rgb {
  const a = alpha / 255
  return [0, 1, 2].map((i) => Math.round(top[i] * a + under[i] * (1 - a))) as unknown as Rgb
}

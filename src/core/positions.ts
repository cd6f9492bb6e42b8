/**
 * Interleaves lon/lat columns into the `[lon0, lat0, lon1, lat1, ...]` Float32Array deck.gl
 * takes as a binary position attribute. Float32 keeps about 1 m at these longitudes, which
 * is below what a point symbol or a heatmap kernel can show.
 */
export function interleavePositions(lon: ArrayLike<number>, lat: ArrayLike<number>, count = lon.length): Float32Array {
  const out = new Float32Array(count * 2)
  for (let i = 0; i < count; i++) {
    out[2 * i] = lon[i]
    out[2 * i + 1] = lat[i]
  }
  return out
}

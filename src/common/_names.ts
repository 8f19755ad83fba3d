/**
 * Object names derived from a release name, the way the seed's Helm charts derive
 * them (`_helpers.tpl` "fullname"): `<release>-<chart>`, or the release alone when
 * it already contains the chart name; at most 63 characters, no trailing "-".
 * Keeping Helm's rule means a cluster installed by the tutorial keeps its PVC and
 * Service names when it moves to this library.
 */
export function helmFullname(release: string, chart: string): string {
  const full = release.includes(chart) ? release : `${release}-${chart}`;
  return full.slice(0, 63).replace(/-+$/, '');
}

/*
 * Names a client resolves and AWS accepts: the API's host name (its custom domain, or the
 * execute-api name built from its id and Region) and the Region itself.
 */

/**
 * The shape of a Region name: area, an optional partition mark, a direction and a number
 * (us-east-1, eu-central-2, ap-southeast-7, us-gov-west-1, cn-northwest-1). A shape, not
 * the list of Regions, which grows: `useast-1` or `us-east1` is caught, a Region that does
 * not exist yet in this shape is not.
 */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d{1,2}$/;

export function isRegionName(region: string): boolean {
  return REGION.test(region);
}

/**
 * Why `host` cannot be a DNS name, or undefined: a label longer than 63 octets or a name
 * longer than 253 characters (RFC 1035 §2.3.4, the limits the simulated DNS query encodes),
 * an empty label, or a character outside letters, digits and hyphens (RFC 1123 §2.1).
 */
export function hostNameProblem(host: string): string | undefined {
  if (host.length > 253) return `the host name ${host.slice(0, 40)}… is ${host.length} characters; DNS allows 253`;
  for (const label of host.split('.')) {
    if (label.length === 0) return `the host name ${host} has an empty label`;
    if (label.length > 63) return `the label ${label.slice(0, 40)}… of ${host} is ${label.length} characters; DNS allows 63`;
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(label)) return `the label ${JSON.stringify(label)} of ${host} is not a DNS label (letters, digits and inner hyphens)`;
  }
  return undefined;
}

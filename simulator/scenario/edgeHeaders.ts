import type { HeaderList } from '../net/http';

/**
 * The headers a CloudFront edge adds in front of an edge-optimized API, as AWS's example proxy
 * event shows them (DG set-up-lambda-proxy-integrations; Lambda DG services-apigateway):
 * CloudFront-Forwarded-Proto, the four CloudFront-Is-*-Viewer device flags, CloudFront-Viewer-Country,
 * Via, X-Amz-Cf-Id and X-Forwarded-For (the client; API Gateway appends the edge's own address).
 *
 * CloudFront derives the device flags from the User-Agent (CloudFront DG
 * adding-cloudfront-headers, "Headers for determining the viewer's device type"); this
 * reads the common tokens, and counts any other agent (curl, Node) a desktop, which is an
 * assumption. The viewer country is the edge's (an assumption: the simulated edge is
 * FRA56-P3, so DE).
 */
export function edgeHeaders(clientHeaders: HeaderList, via: string, cfId: string, clientAddress: string): [string, string][] {
  const agent = clientHeaders.find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? '';
  const tablet = /iPad|Tablet/i.test(agent);
  const smartTv = /SmartTV|SMART-TV|AppleTV|GoogleTV/i.test(agent);
  const mobile = !tablet && /Mobile|Android|iPhone/i.test(agent);
  const desktop = !tablet && !smartTv && !mobile;
  return [
    ['CloudFront-Forwarded-Proto', 'https'],
    ['CloudFront-Is-Desktop-Viewer', String(desktop)],
    ['CloudFront-Is-Mobile-Viewer', String(mobile)],
    ['CloudFront-Is-SmartTV-Viewer', String(smartTv)],
    ['CloudFront-Is-Tablet-Viewer', String(tablet)],
    ['CloudFront-Viewer-Country', 'DE'],
    ['Via', via],
    ['X-Amz-Cf-Id', cfId],
    ['X-Forwarded-For', clientAddress],
  ];
}

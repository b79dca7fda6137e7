import type { Api, GatewayModel, Route } from '../model/gateway';
import type { Finding } from './findings';
import { findById } from './idIndex';

/** `apigw-sim routes --json`: every API and route a config declares, with where it is declared. */
export interface RoutesReport {
  apis: {
    name: string;
    type: Api['type'];
    endpoint: Api['endpointType'];
    routes: {
      key: string;
      auth: 'NONE' | 'IAM' | 'COGNITO' | 'JWT' | 'LAMBDA';
      apiKeyRequired: boolean;
      integration: 'LAMBDA_PROXY' | 'LAMBDA' | 'HTTP_PROXY' | 'HTTP' | 'MOCK' | 'AWS' | 'NONE';
      vpcLink: boolean;
      source: { file: string; line: number; column: number } | null;
    }[];
  }[];
  findings: Finding[];
}

const AUTH: Record<Route['authorizationType'], RoutesReport['apis'][number]['routes'][number]['auth']> = {
  NONE: 'NONE', AWS_IAM: 'IAM', COGNITO_USER_POOLS: 'COGNITO', JWT: 'JWT', CUSTOM: 'LAMBDA',
};

export function routesReport(model: GatewayModel, findings: Finding[]): RoutesReport {
  return {
    apis: model.apis.map((api) => ({
      name: api.name,
      type: api.type,
      endpoint: api.endpointType,
      routes: api.routes.map((route) => {
        const integration = findById(api.integrations, route.integrationId);
        const kind = !integration ? 'NONE'
          : integration.type === 'AWS_PROXY' ? (integration.functionName ? 'LAMBDA_PROXY' : 'AWS')
          : integration.type === 'AWS' ? (integration.functionName ? 'LAMBDA' : 'AWS')
          : integration.type;
        return {
          key: route.key,
          auth: AUTH[route.authorizationType],
          apiKeyRequired: route.apiKeyRequired ?? false,
          integration: kind,
          vpcLink: integration?.connectionType === 'VPC_LINK',
          source: route.location ? { file: route.location.file, line: route.location.line, column: route.location.column } : null,
        };
      }),
    })),
    findings,
  };
}

/** The same as text: an API a block, a route a line, findings last. */
export function formatRoutes(report: RoutesReport): string {
  const out: string[] = [];
  for (const api of report.apis) {
    out.push(`${api.name} (${api.type}, ${api.endpoint})`);
    for (const route of api.routes) {
      const flags = [route.auth !== 'NONE' ? `auth ${route.auth}` : '', route.apiKeyRequired ? 'API key' : '', `→ ${route.integration}${route.vpcLink ? ' via VPC link' : ''}`].filter(Boolean).join(', ');
      const source = route.source ? `${route.source.file}:${route.source.line}:${route.source.column}` : '';
      out.push(`  ${route.key.padEnd(32)} ${flags.padEnd(44)} ${source}`.trimEnd());
    }
  }
  if (report.findings.length > 0) {
    out.push('', 'Findings:');
    for (const finding of report.findings) out.push(`  ${finding.location.file}:${finding.location.line}:${finding.location.column}: ${finding.severity} [${finding.code}] ${finding.message}`);
  }
  return out.join('\n');
}

/*
 * A quick look before parsing: does the text mention anything a gateway config would? Most
 * YAML and JSON files a user opens are not gateway configs, and are left alone for this much.
 */

/** Languages whose files may be gateway configs. */
export const CONFIG_LANGUAGES = ['yaml', 'json', 'jsonc', 'terraform'];

export function mightBeGatewayConfig(text: string): boolean {
  return /AWS::Serverless|AWS::ApiGateway|x-amazon-apigateway|"?openapi"?\s*:|"?swagger"?\s*:|aws_api_gateway|aws_apigatewayv2|\bhttpApi\b|\bwebsocket\b|- http\b|"apis"\s*:/.test(text.slice(0, 200_000));
}

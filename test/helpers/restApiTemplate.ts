/**
 * A CloudFormation template with one REST API (`Api`, named `pets`) and the resources given
 * (YAML lines indented as under Resources), for tests that read one feature of a REST API.
 * The resources start at line 6.
 */
export function restApiTemplate(resources: readonly string[]): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Api:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties: {Name: pets}',
    ...resources.map((line) => `  ${line}`),
    '',
  ].join('\n');
}

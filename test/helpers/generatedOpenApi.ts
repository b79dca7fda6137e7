/**
 * An OpenAPI definition of about `bytes` bytes, the shape of the 10 MB file of issue 17: paths
 * with a GET and a POST each, every GET with its own Lambda integration written in place and
 * every POST naming its own shared integration of `components` by `$ref` (so reading it looks
 * names up in maps of tens of thousands of keys). Route `GET /items<i>/{id}` invokes `get<i>`,
 * `POST /items<i>/{id}` invokes `post<i>`.
 */
export function generatedOpenApi(bytes: number): { text: string; paths: number } {
  const arn = (name: string): string => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${name}/invocations`;
  const paths: string[] = [];
  const shared: string[] = [];
  let size = 200;
  for (let index = 0; size < bytes; index++) {
    const path = [
      `  /items${index}/{id}:`, '    get:', '      parameters:', '        - name: id', '          in: path', '          required: true',
      '      x-amazon-apigateway-integration:', '        type: aws_proxy', '        httpMethod: POST', `        uri: ${arn(`get${index}`)}`,
      '    post:', '      x-amazon-apigateway-integration:', `        $ref: '#/components/x-amazon-apigateway-integrations/post${index}'`,
    ].join('\n');
    const integration = [`    post${index}:`, '      type: aws_proxy', '      httpMethod: POST', `      uri: ${arn(`post${index}`)}`].join('\n');
    size += path.length + integration.length + 2;
    if (size >= bytes) break;
    paths.push(path);
    shared.push(integration);
  }
  const text = ['openapi: 3.0.1', 'info:', '  title: generated', '  version: "1"', 'paths:', ...paths, 'components:', '  x-amazon-apigateway-integrations:', ...shared, ''].join('\n');
  return { text, paths: paths.length };
}

/*
 * An OpenAPI 3 document of about `bytes` bytes: the shape of a large real export (many paths,
 * each with a Lambda-proxy GET and an HTTP-proxy POST), for tests and benchmarks that need a
 * config as big as the size cap allows. Deterministic: the same size gives the same text.
 */
export function largeOpenApi(bytes: number): string {
  const paths: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes - 200; index++) {
    const path = `  "/products/p${index}/{id}": {
   "get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "payloadFormatVersion": "2.0", "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn${index}/invocations"}, "responses": {"200": {"description": "ok"}}},
   "post": {"x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "POST", "uri": "https://backend${index}.example.com/x"}, "responses": {"200": {"description": "ok"}}}
  }`;
    paths.push(path);
    size += path.length + 2;
  }
  return `{\n "openapi": "3.0.1",\n "info": {"title": "large", "version": "1"},\n "paths": {\n${paths.join(',\n')}\n }\n}\n`;
}

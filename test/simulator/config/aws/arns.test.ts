import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLambdaUri, lambdaFunctionName, parseServiceIntegrationUri, serviceAction, serviceActionOfSubtype, webAclName } from '../../../../simulator/config/aws/arns';

/*
 * The ARN forms of the API Gateway API reference (Integration `uri`, Authorizer
 * `authorizerUri`) and the HTTP API integration subtypes, read the one way every format uses.
 */

describe('AWS service integration URIs', () => {
  it('reads an action with its parameters, and the same call as a path', () => {
    // The reference's own example: S3 GetObject by action or by path.
    assert.deepEqual(parseServiceIntegrationUri('arn:aws:apigateway:us-west-2:s3:action/GetObject&Bucket={bucket}&Key={key}'), {
      region: 'us-west-2', service: 's3', style: 'action', target: 'GetObject', parameters: 'Bucket={bucket}&Key={key}',
    });
    assert.deepEqual(parseServiceIntegrationUri('arn:aws:apigateway:us-west-2:s3:path/{bucket}/{key}'), { region: 'us-west-2', service: 's3', style: 'path', target: '{bucket}/{key}' });
  });

  it('names the action as IAM does, keeps the path marked, and leaves Lambda and other ARNs out', () => {
    const cases: [string, string | undefined][] = [
      ['arn:aws:apigateway:us-east-1:sqs:action/SendMessage&QueueUrl=q', 'sqs:SendMessage'],
      ['arn:aws:apigateway:us-east-1:dynamodb:action/PutItem', 'dynamodb:PutItem'],
      ['arn:aws:apigateway:us-east-1:s3:path/shop-bucket/catalog.json', 's3:path/shop-bucket/catalog.json'],
      ['arn:aws:apigateway:us-east-1:mybucket.s3:path/key', 's3:path/key'],
      ['arn:aws-cn:apigateway:cn-north-1:kinesis:action/PutRecord', 'kinesis:PutRecord'],
      ['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations', undefined],
      ['arn:aws:lambda:us-east-1:123456789012:function:f', undefined],
      ['https://example.com/orders', undefined],
    ];
    for (const [uri, action] of cases) assert.equal(serviceAction(uri), action, uri);
  });

  it('reads an HTTP API integration subtype as the same service action', () => {
    assert.deepEqual(['SQS-SendMessage', 'EventBridge-PutEvents', 'StepFunctions-StartExecution', 'Kinesis-PutRecord', 'AppConfig-GetConfiguration'].map(serviceActionOfSubtype), [
      'sqs:SendMessage', 'events:PutEvents', 'states:StartExecution', 'kinesis:PutRecord', 'appconfig:GetConfiguration',
    ]);
  });
});

describe('Lambda function ARNs', () => {
  it('names the function, not its alias or version, in every form', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
    const invoke = (target: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${target}/invocations`;
    for (const uri of [arn, `${arn}:live`, `${arn}:$LATEST`, `${arn}:7`, invoke(arn), invoke(`${arn}:live`)]) {
      assert.equal(lambdaFunctionName(uri), 'orders', uri);
      assert.ok(isLambdaUri(uri), uri);
    }
  });

  it('gives an invocation URI\'s function as written when it is not an ARN, and nothing for other ARNs', () => {
    assert.equal(lambdaFunctionName('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${stageVariables.fn}/invocations'), '${stageVariables.fn}');
    assert.equal(lambdaFunctionName('arn:aws:apigateway:us-east-1:dynamodb:action/PutItem'), undefined);
    assert.equal(lambdaFunctionName('arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x'), undefined);
    assert.equal(isLambdaUri('https://example.com'), false);
  });
});

describe('WAF web ACL ARNs', () => {
  it('names the web ACL', () => {
    assert.equal(webAclName('arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop-acl/a1b2c3'), 'shop-acl');
    assert.equal(webAclName('shop-acl'), undefined);
  });
});

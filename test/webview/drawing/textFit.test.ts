import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitText, wrapLabel } from '../../../webview/drawing/textFit';

describe('text fitting', () => {
  it('cuts labels to fit with an ellipsis and wraps participant names onto two lines', () => {
    assert.equal(fitText('ChangeCipherSpec', 30), 'ChangeCipherSpec');
    assert.equal(fitText('ChangeCipherSpec', 8), 'ChangeC…');
    assert.deepEqual(wrapLabel('API Gateway shop-order-status', 18), ['API Gateway', 'shop-order-status']);
    assert.deepEqual(wrapLabel('JWT issuer cognito-idp.us-east-1.amazonaws.com', 18), ['JWT issuer', 'cognito-idp.us-ea…']);
    assert.deepEqual(wrapLabel('Client', 18), ['Client']);
  });

  it('leaves at least an ellipsis where no character fits', () => {
    assert.equal(fitText('Lambda', 1), '…');
    assert.equal(fitText('Lambda', 0), '…');
    assert.equal(fitText('', 0), '');
  });

  it('cuts a first word too long for a line and keeps the words after it on the second', () => {
    assert.deepEqual(wrapLabel('cognito-idp.us-east-1.amazonaws.com issuer', 16), ['cognito-idp.us-…', 'issuer']);
    assert.deepEqual(wrapLabel('JWT issuer cognito-idp.us-east-1.amazonaws.com', 16), ['JWT issuer', 'cognito-idp.us-…']);
  });

  it('cuts a name without spaces on one line rather than breaking it mid-word', () => {
    assert.deepEqual(wrapLabel('arn:aws:lambda:us-east-1:123456789012:function:getProduct', 18), ['arn:aws:lambda:us…']);
  });
});

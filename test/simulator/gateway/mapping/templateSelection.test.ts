/*
 * Template selection and passthrough: the DG's two example tables (integration-passthrough-behaviors),
 * row by row, and NEVER with no template at all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectRequestTemplate, selectResponseTemplate } from '../../../../simulator/gateway/mapping/templateSelection';

const BEHAVIORS = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const;

function outcomes(templates: Record<string, string> | undefined, contentType: string | undefined): string[] {
  return BEHAVIORS.map((behavior) => selectRequestTemplate(templates, contentType, behavior).kind);
}

describe('request template selection', () => {
  it('example 1 (a template for application/json): none and application/json are transformed; application/xml passes or is 415', () => {
    const templates = { 'application/json': 'J' };
    assert.deepEqual(outcomes(templates, undefined), ['template', 'template', 'template']);
    assert.deepEqual(outcomes(templates, 'application/json'), ['template', 'template', 'template']);
    assert.deepEqual(outcomes(templates, 'application/xml'), ['passthrough', 'unsupported-media-type', 'unsupported-media-type']);
  });

  it('example 2 (a template for application/xml): none and application/json pass or are 415; application/xml is transformed', () => {
    const templates = { 'application/xml': 'X' };
    assert.deepEqual(outcomes(templates, undefined), ['passthrough', 'unsupported-media-type', 'unsupported-media-type']);
    assert.deepEqual(outcomes(templates, 'application/json'), ['passthrough', 'unsupported-media-type', 'unsupported-media-type']);
    assert.deepEqual(outcomes(templates, 'application/xml'), ['template', 'template', 'template']);
  });

  it('with no template at all, passes through unless NEVER, which answers 415', () => {
    assert.deepEqual(outcomes(undefined, 'application/json'), ['passthrough', 'passthrough', 'unsupported-media-type']);
  });

  it('matches the media type without its parameters or case, and defaults to WHEN_NO_MATCH', () => {
    assert.deepEqual(selectRequestTemplate({ 'application/json': 'J' }, 'Application/JSON; charset=UTF-8'), { kind: 'template', contentType: 'application/json', template: 'J' });
    assert.equal(selectRequestTemplate({ 'application/json': 'J' }, 'text/plain').kind, 'passthrough');
  });

  it('chooses the response template for Accept, else application/json', () => {
    const templates = { 'application/xml': 'X', 'application/json': 'J' };
    assert.equal(selectResponseTemplate(templates, 'application/xml')?.template, 'X');
    assert.equal(selectResponseTemplate(templates, undefined)?.template, 'J');
    assert.equal(selectResponseTemplate(undefined, undefined), undefined);
  });
});

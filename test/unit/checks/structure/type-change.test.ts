import { describe, expect, it } from 'vitest';
import { typeChange } from '../../../../src/checks/structure/type-change.js';

describe('typeChange', () => {
  it('calls a type that holds every source value wider', () => {
    for (const [source, target] of [
      ['integer', 'bigint'],
      ['smallint', 'integer'],
      ['character varying(50)', 'text'],
      ['character varying(50)', 'character varying(80)'],
      ['numeric(10,2)', 'numeric(12,2)'],
      ['numeric(12,1)', 'numeric(14,3)'],
      ['numeric(12,2)', 'numeric'],
      ['integer', 'numeric(10,0)'],
      ['real', 'double precision'],
      ['integer', 'double precision'],
      ['timestamp(3) with time zone', 'timestamp with time zone'],
      ['integer[]', 'bigint[]'],
      ['character(3)', 'text'],
    ])
      expect(typeChange(source!, target!), `${source} -> ${target}`).toBe('wider');
  });

  it('calls a type that can lose a source value narrower', () => {
    for (const [source, target] of [
      ['bigint', 'integer'],
      ['numeric(12,2)', 'numeric(10,2)'],
      ['numeric(12,1)', 'numeric(12,3)'],
      ['numeric(12,2)', 'numeric(12,1)'],
      ['numeric', 'numeric(20,4)'],
      ['numeric(5,2)', 'integer'],
      ['bigint', 'numeric(12,0)'],
      ['text', 'character varying(255)'],
      ['character varying(50)', 'character varying(20)'],
      ['double precision', 'real'],
      ['timestamp with time zone', 'timestamp(0) with time zone'],
    ])
      expect(typeChange(source!, target!), `${source} -> ${target}`).toBe('narrower');
  });

  it('ranks nothing it cannot compare: another family, time zone or array depth', () => {
    for (const [source, target] of [
      ['json', 'jsonb'],
      ['timestamp without time zone', 'timestamp with time zone'],
      ['text', 'integer'],
      ['bigint', 'real'],
      ['integer[]', 'integer'],
      ['character(3)', 'character varying(3)'],
      ['mood', 'text'],
    ])
      expect(typeChange(source!, target!), `${source} -> ${target}`).toBe('other');
  });

  it('finds the same type the same, and text and unbounded varchar alike', () => {
    expect(typeChange('numeric(12,2)', 'numeric(12,2)')).toBe('same');
    expect(typeChange('text', 'character varying')).toBe('same');
  });
});

import { describe, expect, it } from 'vitest';
import { matchingChoiceIds, OEM_SEARCH_THRESHOLD } from './oem-filter';

const makers = [
  { id: 'volta', label: 'Volta Motors' },
  { id: 'ampere', label: 'Ampere Auto' },
  { id: 'citroen', label: 'Citroën' },
  { id: 'ego', label: 'e-Go Mobile' },
  { id: 'kia', label: 'Kia' },
  { id: 'mg', label: 'MG Motor' },
  { id: 'polestar', label: 'Polestar' },
];

const ids = (query: string) => [...matchingChoiceIds(makers, query)];

describe('searching makers', () => {
  it('shows the search only for more makers than the threshold', () => {
    expect(OEM_SEARCH_THRESHOLD).toBe(6);
    expect(makers.length).toBeGreaterThan(OEM_SEARCH_THRESHOLD);
  });

  it('matches everything for an empty or blank query', () => {
    expect(ids('')).toEqual(makers.map((m) => m.id));
    expect(ids('   ')).toEqual(makers.map((m) => m.id));
  });

  it('narrows as a person types, letter by letter', () => {
    expect(ids('m')).toEqual(['volta', 'ampere', 'ego', 'mg']);
    expect(ids('mo')).toEqual(['volta', 'ego', 'mg']);
    expect(ids('mot')).toEqual(['volta', 'mg']);
    expect(ids('moto')).toEqual(['volta', 'mg']);
    expect(ids('motors')).toEqual(['volta']);
  });

  it('ignores case, accents, punctuation and word order', () => {
    expect(ids('CITROEN')).toEqual(['citroen']);
    expect(ids('citroën')).toEqual(['citroen']);
    expect(ids('ego')).toEqual(['ego']);
    expect(ids('e-go')).toEqual(['ego']);
    expect(ids('motors volta')).toEqual(['volta']);
  });

  it('matches nothing for a name that is not there', () => {
    expect(ids('tesla')).toEqual([]);
  });
});

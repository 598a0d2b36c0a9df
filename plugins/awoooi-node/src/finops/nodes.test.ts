import { isOverprovisioned, nodeShares } from './nodes';
import type { FinOpsNodeInput } from './types';

const options = { nodeMinRequestedShare: 0.7, nodeMaxActualShare: 0.25 };

function node(overrides: Partial<FinOpsNodeInput>): FinOpsNodeInput {
  return {
    name: 'n1',
    nodeType: 'm5.2xlarge',
    allocatableCpu: 10,
    allocatableMemoryGi: 40,
    requestedCpu: 8,
    requestedMemoryGi: 10,
    actualCpu: 1,
    actualMemoryGi: 4,
    ...overrides,
  };
}

describe('isOverprovisioned', () => {
  it('flags a node that is requested full and used little', () => {
    expect(isOverprovisioned(node({}), options)).toBe(true);
  });

  it('starts at exactly 70 % requested', () => {
    expect(isOverprovisioned(node({ requestedCpu: 7 }), options)).toBe(true);
    expect(isOverprovisioned(node({ requestedCpu: 6.99 }), options)).toBe(
      false,
    );
  });

  it('counts either resource as requested full', () => {
    expect(
      isOverprovisioned(
        node({ requestedCpu: 2, requestedMemoryGi: 30 }),
        options,
      ),
    ).toBe(true);
  });

  it('stops above 25 % used, on either resource', () => {
    expect(isOverprovisioned(node({ actualCpu: 2.5 }), options)).toBe(true);
    expect(isOverprovisioned(node({ actualCpu: 2.51 }), options)).toBe(false);
    expect(isOverprovisioned(node({ actualMemoryGi: 10.1 }), options)).toBe(
      false,
    );
  });

  it('follows configured thresholds', () => {
    const loose = { nodeMinRequestedShare: 0.5, nodeMaxActualShare: 0.5 };
    const half = node({ requestedCpu: 5, actualCpu: 4 });
    expect(isOverprovisioned(half, options)).toBe(false);
    expect(isOverprovisioned(half, loose)).toBe(true);
  });
});

describe('nodeShares', () => {
  it('divides by what the node can allocate', () => {
    expect(nodeShares(node({}))).toEqual({
      requestedCpu: 0.8,
      requestedMemory: 0.25,
      actualCpu: 0.1,
      actualMemory: 0.1,
    });
  });
});

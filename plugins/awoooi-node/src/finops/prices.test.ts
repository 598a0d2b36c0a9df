import {
  DEFAULT_FINOPS_PRICES,
  HOURS_PER_MONTH,
  computeMonthlyCost,
  nodePriceFactor,
  nodeTypePrice,
  roundMoney,
  storageMonthlyCost,
} from './prices';
import { TEST_PRICES } from './testData';
import { DEFAULT_BUFFER_FACTOR, wasted } from './waste';

describe('wasted', () => {
  it('keeps a 20 % buffer above actual use and never goes below zero', () => {
    expect(DEFAULT_BUFFER_FACTOR).toBe(1.2);
    expect(wasted(4, 2)).toBeCloseTo(1.6, 10); // 4 − 2.4
    expect(wasted(4, 3.5)).toBe(0); // 4 − 4.2 < 0
    expect(wasted(4, 2, 1.5)).toBe(1); // 4 − 3
    expect(wasted(4, 0)).toBe(4);
  });
});

describe('prices', () => {
  it('bills 730 hours a month', () => {
    expect(HOURS_PER_MONTH).toBe(730);
    // (2 × 0.05 + 4 × 0.01) × 730 = 0.14 × 730 = 102.2
    expect(computeMonthlyCost(2, 4, TEST_PRICES)).toBeCloseTo(102.2, 10);
    expect(storageMonthlyCost(25, TEST_PRICES)).toBeCloseTo(2.5, 10);
  });

  it('scales list prices to the node type’s price', () => {
    const node = {
      nodeType: 'm5.2xlarge',
      allocatableCpu: 8,
      allocatableMemoryGi: 32,
    };
    expect(nodePriceFactor(node, TEST_PRICES)).toBeCloseTo(0.5, 12);
    expect(nodePriceFactor({ ...node, nodeType: 'x9.huge' }, TEST_PRICES)).toBe(
      1,
    );
    expect(
      nodePriceFactor(
        { ...node, allocatableCpu: 0, allocatableMemoryGi: 0 },
        TEST_PRICES,
      ),
    ).toBe(1);
  });

  it('does not read node types from the object prototype', () => {
    expect(nodeTypePrice('toString', TEST_PRICES)).toBeUndefined();
    expect(nodeTypePrice('m5.2xlarge', TEST_PRICES)).toBe(0.36);
  });

  it('rounds money to the cent, halves up', () => {
    expect(roundMoney(1.005)).toBe(1.01);
    expect(roundMoney(46.501)).toBe(46.5);
    expect(roundMoney(0.004)).toBe(0);
  });

  it('ships defaults whose node prices agree with the unit prices', () => {
    expect(DEFAULT_FINOPS_PRICES.currency).toBe('USD');
    // An m5.large (2 vCPU, 8 GiB) at unit prices is within 2 % of its node price.
    const factor = nodePriceFactor(
      { nodeType: 'm5.large', allocatableCpu: 2, allocatableMemoryGi: 8 },
      DEFAULT_FINOPS_PRICES,
    );
    expect(Math.abs(factor - 1)).toBeLessThan(0.02);
  });
});

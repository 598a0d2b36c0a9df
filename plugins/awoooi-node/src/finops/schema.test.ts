import {
  parseFinOpsDocument,
  parseFinOpsInput,
  parseFinOpsPrices,
} from './schema';
import { exampleInput, TEST_PRICES } from './testData';

describe('parseFinOpsInput', () => {
  it('accepts a well-formed input unchanged', () => {
    expect(parseFinOpsInput(exampleInput())).toEqual({
      success: true,
      data: exampleInput(),
    });
  });

  it('names the first bad field in one line', () => {
    const input: any = exampleInput();
    input.pods[1].cpuRequestCores = '500m';
    expect(parseFinOpsInput(input)).toEqual({
      success: false,
      error: 'pods[1].cpuRequestCores: Expected number, received string',
    });
  });

  it('refuses misspelt and missing fields', () => {
    const typo: any = exampleInput();
    typo.nodes[0].actualCPU = 1;
    expect(parseFinOpsInput(typo)).toEqual({
      success: false,
      error: "nodes[0]: Unrecognized key(s) in object: 'actualCPU'",
    });
    const missing: any = exampleInput();
    delete missing.pvcs;
    expect(parseFinOpsInput(missing)).toEqual({
      success: false,
      error: 'pvcs: Required',
    });
  });

  it('refuses negative amounts and empty allocatable', () => {
    const negative: any = exampleInput();
    negative.pods[0].dailyCpuCores[3] = -1;
    expect(parseFinOpsInput(negative).success).toBe(false);
    const empty: any = exampleInput();
    empty.nodes[1].allocatableCpu = 0;
    expect(parseFinOpsInput(empty)).toEqual({
      success: false,
      error: 'nodes[1].allocatableCpu: Number must be greater than 0',
    });
  });

  it('refuses something that is not an object', () => {
    expect(parseFinOpsInput([])).toEqual({
      success: false,
      error: 'Expected object, received array',
    });
  });
});

describe('parseFinOpsPrices and parseFinOpsDocument', () => {
  it('needs a complete price table with an ISO currency', () => {
    expect(parseFinOpsPrices(TEST_PRICES)).toEqual({
      success: true,
      data: TEST_PRICES,
    });
    const { nodeTypes, ...noNodeTypes } = TEST_PRICES;
    expect(parseFinOpsPrices(noNodeTypes)).toEqual({
      success: true,
      data: { ...noNodeTypes, nodeTypes: {} },
    });
    expect(parseFinOpsPrices({ ...TEST_PRICES, currency: 'usd' })).toEqual({
      success: false,
      error: 'currency: must be an ISO 4217 code such as USD',
    });
    const { gibHour, ...partial } = TEST_PRICES;
    expect(parseFinOpsPrices(partial)).toEqual({
      success: false,
      error: 'gibHour: Required',
    });
  });

  it('splits a document into input and prices', () => {
    expect(
      parseFinOpsDocument({ ...exampleInput(), prices: TEST_PRICES }),
    ).toEqual({
      success: true,
      data: { input: exampleInput(), prices: TEST_PRICES },
    });
    expect(parseFinOpsDocument(exampleInput())).toEqual({
      success: true,
      data: { input: exampleInput() },
    });
    expect(
      parseFinOpsDocument({ ...exampleInput(), prices: { currency: 'EUR' } }),
    ).toEqual({
      success: false,
      error: 'prices.vcpuHour: Required',
    });
  });
});

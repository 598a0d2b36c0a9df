import { parseQuantity, quantityCores, quantityGi } from './quantity';

describe('Kubernetes quantities', () => {
  it.each([
    ['250m', 0.25],
    ['1', 1],
    ['3920m', 3.92],
    ['0.5', 0.5],
    ['1.5e3', 1500],
    ['128974848', 128974848],
    ['129e6', 129e6],
    ['123Mi', 123 * 2 ** 20],
    ['15168Mi', 15168 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['2Ti', 2 * 2 ** 40],
    ['512M', 512e6],
    ['100Ki', 102400],
    ['1k', 1000],
  ])('%s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 9);
  });

  it('refuses what is not a quantity', () => {
    expect(parseQuantity('ten')).toBeNaN();
    expect(parseQuantity('5Xi')).toBeNaN();
    expect(parseQuantity(undefined)).toBeNaN();
    expect(quantityCores(undefined)).toBe(0);
    expect(quantityGi('garbage')).toBe(0);
  });

  it('converts to GiB and cores', () => {
    expect(quantityGi('512Mi')).toBe(0.5);
    expect(quantityGi('200Gi')).toBe(200);
    expect(quantityCores('100m')).toBeCloseTo(0.1, 12);
  });
});

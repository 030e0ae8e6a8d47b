import { describeCatalogOrder } from '../../../src/domain/message';

describe('describeCatalogOrder', () => {
  const item = (n: number, price?: number, currency = 'BDT') => ({ productId: `SKU-${n}`, quantity: n, unitPrice: price, currency });

  it('lists each product with its quantity and price, then the total and the note', () => {
    expect(describeCatalogOrder([item(2, 450), item(1, 1200)], ' after 5pm ')).toBe('2 × SKU-2 (450 BDT), 1 × SKU-1 (1200 BDT) · total 2100 BDT · after 5pm');
  });

  it('gives no total when a price is missing or the currencies differ', () => {
    expect(describeCatalogOrder([item(1, 100), item(2)])).toBe('1 × SKU-1 (100 BDT), 2 × SKU-2');
    expect(describeCatalogOrder([item(1, 100), item(1, 5, 'USD')])).toBe('1 × SKU-1 (100 BDT), 1 × SKU-1 (5 USD)');
  });

  it('shortens a big cart to the first lines, keeping the total of all of it', () => {
    const cart = Array.from({ length: 8 }, () => item(1, 10));
    expect(describeCatalogOrder(cart, undefined, 5)).toBe(`${Array(5).fill('1 × SKU-1 (10 BDT)').join(', ')} and 3 more · total 80 BDT`);
  });
});

import { launchBrowser } from '../../tests/helpers/browser.js';
const b = await launchBrowser({ baseURL: 'http://127.0.0.1:5180' });
const p = b.page;
p.on('pageerror', (e) => console.log('pageerror:', e.message));
try {
  await p.goto('/login');
  await p.locator('input[name=name]').fill('op');
  await p.locator('input[name=password]').fill('operator-pass');
  await p.locator('form button[type=submit]').click();
  await p.getByRole('combobox', { name: 'Limba' }).selectOption('en');
  await p.getByRole('textbox', { name: 'Surname', exact: true }).fill('Шевченко');
  await p.getByRole('textbox', { name: 'Given names', exact: true }).fill('Олена');
  await p.getByRole('combobox', { name: 'Sex' }).selectOption('F');
  await p.getByRole('combobox', { name: 'Nationality (3 letters)' }).fill('ukr');
  await p.getByRole('textbox', { name: 'Year' }).fill('19XX');
  await p.getByRole('combobox', { name: 'Month' }).selectOption('02');
  await p.getByRole('combobox', { name: 'Day' }).selectOption('14');
  await new Promise((r) => setTimeout(r, 1000));
  console.log(await p.locator('#mrz-h').locator('..').innerText());
} finally {
  await b.close();
}

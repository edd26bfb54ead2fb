// What a person does on the demo's pages, for the browser tests.
import type { Page } from 'playwright-core';
import { loadBuiltinManifest } from '../../src/manifest/builtin.ts';

export function signInLink(page: Page, id: string) {
  return page.getByRole('link', { name: `Sign in with ${loadBuiltinManifest(id).name}`, exact: true });
}

/** Opens the home page signed out, clicks "Sign in with …" and waits to be back on the home page. */
export async function signInWith(page: Page, demoUrl: string, id: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(demoUrl);
  await signInLink(page, id).click();
  // login → provider (the emulator consents) → callback → home.
  await page.waitForURL(`${demoUrl}/`);
}

export async function signOut(page: Page, demoUrl: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${demoUrl}/`);
}

/** The value in the signed-in page's profile table for `field`. */
export function profileCell(page: Page, field: string): Promise<string | null> {
  return page.locator('#profile tr', { has: page.locator('th', { hasText: new RegExp(`^${field}$`) }) }).locator('td').textContent();
}

export async function signedInName(page: Page): Promise<string | null> {
  return page.locator('#user-name').textContent();
}

export async function demoUserId(page: Page): Promise<string> {
  return (await page.locator('#user-id').textContent()) ?? '';
}

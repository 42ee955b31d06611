import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './stack';

/**
 * Drives the Playground's chat UI the way a person does: read the cards, press their buttons, fill their
 * inputs, type in the message box. Adaptive cards render as `.ac-adaptiveCard`; card buttons are real
 * buttons named by their title; the message box is a Lexical editor (contenteditable textbox).
 */
export class PlaygroundChat {
    private shot = 0;

    constructor(readonly page: Page) {}

    cards(): Locator {
        return this.page.locator('.ac-adaptiveCard');
    }

    /** Cards that contain `text`, in the order the view shows them. */
    matching(text: string | RegExp): Locator {
        return this.cards().filter({ hasText: text });
    }

    /**
     * Waits until more than `seen` cards contain `text` and returns the first new one. Cards are kept in
     * chat order and old ones never go away, so that card's position among the matches stays the same
     * even when the view inserts other cards (a Locator is looked up again on every use).
     */
    async waitForCard(text: string | RegExp, seen = 0, timeoutMs = 15000): Promise<Locator> {
        const matches = this.matching(text);
        const deadline = Date.now() + timeoutMs;
        while ((await matches.count()) <= seen) {
            if (Date.now() > deadline) {
                const count = await this.cards().count();
                const last = count > 0 ? await this.cards().nth(count - 1).innerText().catch(() => '') : '(geen kaarten)';
                throw new Error(`no new card with ${String(text)} within ${timeoutMs} ms; last card:\n${last.slice(0, 600)}`);
            }
            await this.page.waitForTimeout(150);
        }
        const card = matches.nth(seen);
        await this.showTop(card);
        return card;
    }

    /** Waits for a plain text message from the bot (not a card) that contains `text`. */
    async waitForText(text: string, timeoutMs = 15000): Promise<void> {
        await this.page.getByText(text, { exact: false }).last().waitFor({ state: 'visible', timeout: timeoutMs });
    }

    /** Presses a button of a card and waits for the next card that contains `expect`. */
    async press(card: Locator, button: string, expect: string | RegExp, timeoutMs?: number): Promise<Locator> {
        const seen = await this.matching(expect).count();
        await card.getByRole('button', { name: button, exact: true }).click();
        return this.waitForCard(expect, seen, timeoutMs);
    }

    /** Types a message in the compose box and sends it with Enter. */
    async say(text: string, expect: string | RegExp, timeoutMs?: number): Promise<Locator> {
        const seen = await this.matching(expect).count();
        const box = this.page.locator('[contenteditable="true"][role="textbox"]').last();
        await box.click();
        await this.page.keyboard.type(text);
        await this.page.keyboard.press('Enter');
        return this.waitForCard(expect, seen, timeoutMs);
    }

    async openPersonalChat(): Promise<void> {
        await this.page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    }

    async openChannel(name: string): Promise<void> {
        await this.page.getByRole('treeitem', { name: new RegExp(name) }).click();
    }

    /** Scrolls so that the card's heading is in view, as a person would to read it. */
    async showTop(card: Locator): Promise<void> {
        await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    }

    /**
     * A screenshot of what a person sees now, numbered in order: test-artifacts/e2e/NN-<name>.png.
     * With `card`, the view is first scrolled to that card's heading.
     */
    async screenshot(name: string, card?: Locator): Promise<string> {
        if (card) await this.showTop(card);
        const file = path.join(ARTIFACTS_DIR, `${String(++this.shot).padStart(2, '0')}-${name}.png`);
        await this.page.screenshot({ path: file });
        return file;
    }
}

/** The visible text of a card's buttons, in order. */
export async function buttonTitles(card: Locator): Promise<string[]> {
    return (await card.getByRole('button').allInnerTexts()).map((t) => t.trim()).filter((t) => t.length > 0);
}

import fs from 'node:fs';
import path from 'node:path';

/**
 * A small reader for the subset of Bicep this repository writes: top-level params, vars, resources,
 * modules and outputs, with object and array literals parsed into a tree and other expressions kept
 * as text. There is no Bicep compiler on this machine (it downloads a binary); the pipeline runs the
 * real `az bicep build`. This reader lets the unit tests check structure and secrets offline.
 */

export type BicepValue =
    | { kind: 'object'; props: Map<string, BicepValue> }
    | { kind: 'array'; items: BicepValue[] }
    | { kind: 'expr'; text: string };

export interface BicepParam {
    name: string;
    type: string;
    defaultText?: string;
    decorators: string[];
}

export interface BicepResource {
    symbol: string;
    type: string;
    apiVersion: string;
    existing: boolean;
    condition?: string;
    body: BicepValue;
}

export interface BicepModule {
    symbol: string;
    path: string;
    condition?: string;
    body: BicepValue;
}

export interface BicepFile {
    file: string;
    params: Map<string, BicepParam>;
    vars: Map<string, BicepValue>;
    resources: BicepResource[];
    modules: BicepModule[];
    outputs: Map<string, { type: string; value: BicepValue }>;
}

export class BicepParseError extends Error {}

/** Removes comments, keeping strings (which may contain // as in URLs) intact and line breaks in place. */
export function stripComments(text: string): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
        if (text.startsWith("'''", i)) {
            const end = text.indexOf("'''", i + 3);
            if (end < 0) throw new BicepParseError('unterminated multi-line string');
            out += text.slice(i, end + 3);
            i = end + 3;
        } else if (text[i] === "'") {
            let j = i + 1;
            while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
            out += text.slice(i, j + 1);
            i = j + 1;
        } else if (text.startsWith('//', i)) {
            while (i < text.length && text[i] !== '\n') i++;
        } else if (text.startsWith('/*', i)) {
            const end = text.indexOf('*/', i + 2);
            if (end < 0) throw new BicepParseError('unterminated comment');
            out += text.slice(i, end + 2).replace(/[^\n]/g, ' ');
            i = end + 2;
        } else {
            out += text[i++];
        }
    }
    return out;
}

class Cursor {
    constructor(
        private readonly text: string,
        public pos = 0,
    ) {}

    peek(): string {
        return this.text[this.pos] ?? '';
    }

    skip(newlines: boolean): void {
        while (this.pos < this.text.length) {
            const c = this.text[this.pos];
            if (c === ' ' || c === '\t' || c === '\r' || (newlines && (c === '\n' || c === ','))) this.pos++;
            else break;
        }
    }

    expect(c: string): void {
        this.skip(true);
        if (this.text[this.pos] !== c) {
            throw new BicepParseError(`expected "${c}" at ${this.pos}: ${this.text.slice(this.pos, this.pos + 40)}`);
        }
        this.pos++;
    }

    /** A string literal starting at the cursor, returned with its quotes. */
    string(): string {
        const start = this.pos;
        if (this.text.startsWith("'''", this.pos)) {
            const end = this.text.indexOf("'''", this.pos + 3);
            this.pos = end + 3;
        } else {
            let j = this.pos + 1;
            while (j < this.text.length && this.text[j] !== "'") j += this.text[j] === '\\' ? 2 : 1;
            this.pos = j + 1;
        }
        return this.text.slice(start, this.pos);
    }

    /** An expression up to the end of the line (or a closing bracket) at nesting depth 0. */
    expression(): string {
        const start = this.pos;
        let depth = 0;
        while (this.pos < this.text.length) {
            const c = this.peek();
            if (c === "'") {
                this.string();
                continue;
            }
            if (c === '(' || c === '[' || c === '{') depth++;
            if (c === ')' || c === ']' || c === '}') {
                if (depth === 0) break;
                depth--;
            }
            if (depth === 0 && (c === '\n' || c === ',')) break;
            this.pos++;
        }
        return this.text.slice(start, this.pos).trim();
    }

    value(): BicepValue {
        this.skip(true);
        const c = this.peek();
        if (c === '{') return this.object();
        if (c === '[' && !/^\[\s*for\b/.test(this.text.slice(this.pos, this.pos + 20))) return this.array();
        return { kind: 'expr', text: this.expression() };
    }

    object(): BicepValue {
        this.expect('{');
        const props = new Map<string, BicepValue>();
        for (;;) {
            this.skip(true);
            if (this.peek() === '}') {
                this.pos++;
                return { kind: 'object', props };
            }
            let key: string;
            if (this.peek() === "'") key = this.string();
            else {
                const m = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.pos));
                if (m === null) throw new BicepParseError(`expected a property name at ${this.pos}: ${this.text.slice(this.pos, this.pos + 40)}`);
                key = m[0];
                this.pos += key.length;
            }
            this.expect(':');
            props.set(key, this.value());
        }
    }

    array(): BicepValue {
        this.expect('[');
        const items: BicepValue[] = [];
        for (;;) {
            this.skip(true);
            if (this.peek() === ']') {
                this.pos++;
                return { kind: 'array', items };
            }
            items.push(this.value());
        }
    }
}

const DECLARATION = /^(param|var|resource|module|output|targetScope|import|type|func|metadata)\b/;

export function parseBicep(file: string, source: string = fs.readFileSync(file, 'utf8')): BicepFile {
    const text = stripComments(source);
    const result: BicepFile = { file, params: new Map(), vars: new Map(), resources: [], modules: [], outputs: new Map() };
    const cursor = new Cursor(text);
    let decorators: string[] = [];
    while (cursor.pos < text.length) {
        cursor.skip(true);
        if (cursor.pos >= text.length) break;
        const rest = text.slice(cursor.pos);
        if (rest.startsWith('@')) {
            const start = cursor.pos;
            cursor.pos++;
            cursor.expression();
            decorators.push(text.slice(start, cursor.pos).trim());
            continue;
        }
        const keyword = DECLARATION.exec(rest)?.[1];
        if (keyword === undefined) throw new BicepParseError(`${file}: unexpected text at ${cursor.pos}: ${rest.slice(0, 60)}`);
        let m: RegExpExecArray | null;
        if (keyword === 'param' && (m = /^param\s+(\w+)\s+([\w.]+(?:\[\])?)\s*(=)?/.exec(rest))) {
            cursor.pos += m[0].length;
            const defaultText = m[3] === '=' ? (cursor.skip(false), cursor.expression()) : undefined;
            result.params.set(m[1], { name: m[1], type: m[2], defaultText, decorators });
        } else if (keyword === 'var' && (m = /^var\s+(\w+)\s*=/.exec(rest))) {
            cursor.pos += m[0].length;
            result.vars.set(m[1], cursor.value());
        } else if (keyword === 'resource' && (m = /^resource\s+(\w+)\s+'([^'@]+)@([^']+)'(\s+existing)?\s*=\s*(?:if\s*(\((?:[^()]|\([^()]*\))*\))\s*)?/.exec(rest))) {
            cursor.pos += m[0].length;
            result.resources.push({ symbol: m[1], type: m[2], apiVersion: m[3], existing: m[4] !== undefined, condition: m[5], body: cursor.object() });
        } else if (keyword === 'module' && (m = /^module\s+(\w+)\s+'([^']+)'\s*=\s*(?:if\s*(\((?:[^()]|\([^()]*\))*\))\s*)?/.exec(rest))) {
            cursor.pos += m[0].length;
            result.modules.push({ symbol: m[1], path: m[2], condition: m[3], body: cursor.object() });
        } else if (keyword === 'output' && (m = /^output\s+(\w+)\s+(\w+)\s*=/.exec(rest))) {
            cursor.pos += m[0].length;
            result.outputs.set(m[1], { type: m[2], value: cursor.value() });
        } else if (keyword === 'targetScope') {
            cursor.expression();
        } else {
            throw new BicepParseError(`${file}: cannot read declaration at ${cursor.pos}: ${rest.slice(0, 60)}`);
        }
        decorators = [];
    }
    return result;
}

/** main.bicep and every module it uses, keyed by file path. */
export function parseBicepTree(mainFile: string): Map<string, BicepFile> {
    const files = new Map<string, BicepFile>();
    const visit = (file: string): void => {
        if (files.has(file)) return;
        const parsed = parseBicep(file);
        files.set(file, parsed);
        for (const mod of parsed.modules) visit(path.resolve(path.dirname(file), mod.path));
    };
    visit(path.resolve(mainFile));
    return files;
}

// ---- helpers for reading the tree ----

export function prop(value: BicepValue | undefined, ...keys: string[]): BicepValue | undefined {
    let v = value;
    for (const key of keys) {
        if (v?.kind !== 'object') return undefined;
        v = v.props.get(key);
    }
    return v;
}

/** The text of an expression (string literals keep their quotes). */
export function exprText(value: BicepValue | undefined): string | undefined {
    return value?.kind === 'expr' ? value.text : undefined;
}

/** The content of a plain string literal without interpolation, else undefined. */
export function literal(value: BicepValue | undefined): string | undefined {
    const text = exprText(value);
    if (text === undefined || !/^'[^']*'$/.test(text) || text.includes('${')) return undefined;
    return text.slice(1, -1);
}

/** Every string-ish piece of text in a value, for searching. */
export function allText(value: BicepValue | undefined): string {
    if (value === undefined) return '';
    if (value.kind === 'expr') return value.text;
    if (value.kind === 'array') return value.items.map(allText).join('\n');
    return [...value.props].map(([k, v]) => `${k}: ${allText(v)}`).join('\n');
}

/** Splits `a, b(c, d), e` at top-level commas. */
export function splitArgs(text: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === "'") {
            i++;
            while (i < text.length && text[i] !== "'") i += text[i] === '\\' ? 2 : 1;
        } else if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') depth--;
        else if (c === ',' && depth === 0) {
            parts.push(text.slice(start, i).trim());
            start = i + 1;
        }
    }
    parts.push(text.slice(start).trim());
    return parts.filter((p) => p !== '');
}

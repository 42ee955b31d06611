import assert from 'node:assert/strict';
import type { LearningCase, QuizQuestion } from '../../../bot/learning/learningContent';
import { learningFigures, recentMonths } from '../../../bot/learning/learningFigures';
import { caseOfTheWeek, drawQuiz, learningWeekOf, monthOf, nextCaseFor } from '../../../bot/learning/learningModel';
import type { CountRow } from '../../../bot/learning/ports';

const MONDAY_10 = { weekday: 1, hour: 10, minute: 0 };

function aCase(id: string, roles: LearningCase['roles']): LearningCase {
    return { id, title: id, roles, forms: ['arbeid'], story: '', question: '', options: [], signals: [], route: '', entryIds: [], sources: [], lastChecked: '2026-12-02' };
}
function aQuestion(id: string, roles: QuizQuestion['roles']): QuizQuestion {
    return { id, roles, forms: ['arbeid'], question: id, options: [], entryIds: [], sources: [], lastChecked: '2026-12-02' };
}

describe('learning rules', () => {
    describe('the weekly send time (Europe/Amsterdam)', () => {
        it('is due from Monday 10:00 Amsterdam until the end of the week, in winter and in summer time', () => {
            // Winter (CET, UTC+1): 10:00 Amsterdam is 09:00 UTC.
            assert.equal(learningWeekOf(new Date('2026-12-07T08:59:00Z'), MONDAY_10), undefined);
            assert.equal(learningWeekOf(new Date('2026-12-07T09:00:00Z'), MONDAY_10), '2026-12-07');
            assert.equal(learningWeekOf(new Date('2026-12-13T22:59:00Z'), MONDAY_10), '2026-12-07', 'Sunday 23:59');
            assert.equal(learningWeekOf(new Date('2026-12-13T23:00:00Z'), MONDAY_10), undefined, 'Monday 00:00: next week, not yet due');
            // Summer (CEST, UTC+2): 10:00 Amsterdam is 08:00 UTC.
            assert.equal(learningWeekOf(new Date('2026-06-01T07:59:00Z'), MONDAY_10), undefined);
            assert.equal(learningWeekOf(new Date('2026-06-01T08:00:00Z'), MONDAY_10), '2026-06-01');
        });

        it('follows a configured day and time', () => {
            const thursday1330 = { weekday: 4, hour: 13, minute: 30 };
            assert.equal(learningWeekOf(new Date('2026-12-09T12:00:00Z'), thursday1330), undefined, 'Wednesday');
            assert.equal(learningWeekOf(new Date('2026-12-10T12:29:00Z'), thursday1330), undefined);
            assert.equal(learningWeekOf(new Date('2026-12-10T12:30:00Z'), thursday1330), '2026-12-10');
            assert.equal(learningWeekOf(new Date('2026-12-12T10:00:00Z'), thursday1330), '2026-12-10');
        });

        it('puts a count in the Amsterdam month', () => {
            assert.equal(monthOf(new Date('2026-11-30T23:30:00Z')), '2026-12');
            assert.deepEqual(recentMonths(new Date('2026-02-10T12:00:00Z'), 3), ['2025-12', '2026-01', '2026-02']);
        });
    });

    describe('which case comes next', () => {
        const cases = [aCase('balie-1', ['baliemedewerker']), aCase('alg-1', ['algemeen']), aCase('jeugd-1', ['jeugd']), aCase('balie-2', ['baliemedewerker', 'jeugd']), aCase('alg-2', ['algemeen'])];

        it('gives the role its own cases first, then general ones, then the rest, never one it had', () => {
            const order: string[] = [];
            for (let i = 0; i < 6; i++) {
                const next = nextCaseFor(cases, 'baliemedewerker', order);
                if (next) order.push(next.id);
            }
            assert.deepEqual(order, ['balie-1', 'balie-2', 'alg-1', 'alg-2', 'jeugd-1']);
        });

        it('gives general cases to a colleague without a role', () => {
            assert.equal(nextCaseFor(cases, undefined, [])?.id, 'alg-1');
            assert.equal(nextCaseFor(cases, 'algemeen', ['alg-1'])?.id, 'alg-2');
        });

        it('picks a general case of the week for a campaign, changing weekly', () => {
            const a = caseOfTheWeek(cases, new Date('2026-12-07T09:00:00Z'));
            const b = caseOfTheWeek(cases, new Date('2026-12-14T09:00:00Z'));
            assert.ok(a && b && a.roles.includes('algemeen') && b.roles.includes('algemeen'));
            assert.notEqual(a.id, b.id);
            assert.equal(caseOfTheWeek(cases, new Date('2026-12-08T09:00:00Z'))?.id, a.id, 'the same all week');
        });
    });

    describe('drawing a quiz', () => {
        const questions = [
            aQuestion('h1', ['handhaver']),
            aQuestion('h2', ['handhaver']),
            ...['g1', 'g2', 'g3', 'g4', 'g5'].map((id) => aQuestion(id, ['algemeen'])),
            aQuestion('j1', ['jeugd']),
        ];

        it('draws five, the role\'s own first, then general ones, without doubles', () => {
            const drawn = drawQuiz(questions, 'handhaver', () => 0.5).map((q) => q.id);
            assert.equal(drawn.length, 5);
            assert.deepEqual(new Set(drawn.slice(0, 2)), new Set(['h1', 'h2']));
            assert.ok(drawn.slice(2).every((id) => id.startsWith('g')));
            assert.equal(new Set(drawn).size, 5);
        });

        it('draws general questions without a role', () => {
            assert.ok(drawQuiz(questions, undefined, () => 0.1).every((q) => q.roles.includes('algemeen')));
        });
    });

    describe('the Ambitie 3 figures', () => {
        const rows = (kind: CountRow['kind'], municipality: CountRow['municipality'], n: number, month = '2026-12'): CountRow[] => Array.from({ length: n }, () => ({ month, kind, municipality }));

        it('shows exact counts to the coordinator of one municipality', () => {
            const f = learningFigures({ kind: 'gemeente', municipalities: ['Brummen'], exactOnCard: true }, ['2026-12'], [...rows('deelnemer', 'Brummen', 3), ...rows('casus', 'Brummen', 7), ...rows('deelnemer', 'Lochem', 9)]);
            assert.deepEqual(f.rows, [{ month: '2026-12', municipality: 'Brummen', participants: '3', cases: '7', quizzes: '0' }]);
            assert.equal(f.protected, false);
        });

        it('shows counts under 5 (0 included) as "< 5" when the view spans municipalities', () => {
            const f = learningFigures(
                { kind: 'regionaal', municipalities: ['Brummen', 'Lochem', 'Voorst', 'Zutphen'], exactOnCard: false },
                ['2026-11', '2026-12'],
                [...rows('deelnemer', 'Brummen', 12), ...rows('casus', 'Brummen', 4), ...rows('quiz', 'Lochem', 5), ...rows('deelnemer', 'Voorst', 1, '2026-11')],
            );
            const cell = (month: string, m: string) => f.rows.find((r) => r.month === month && r.municipality === m);
            assert.deepEqual(cell('2026-12', 'Brummen'), { month: '2026-12', municipality: 'Brummen', participants: '12', cases: '< 5', quizzes: '< 5' });
            assert.equal(cell('2026-12', 'Lochem')?.quizzes, '5');
            assert.equal(cell('2026-11', 'Voorst')?.participants, '< 5');
            assert.ok(f.rows.every((r) => ![r.participants, r.cases, r.quizzes].some((t) => /^[0-4]$/.test(t))), 'no small number anywhere');
            assert.equal(f.protected, true);
        });

        it('ignores counts outside the months and municipalities of the view', () => {
            const f = learningFigures({ kind: 'gemeente', municipalities: ['Zutphen'], exactOnCard: true }, ['2026-12'], [...rows('casus', 'Zutphen', 2, '2026-05'), ...rows('casus', 'Brummen', 2)]);
            assert.equal(f.rows[0]?.cases, '0');
        });
    });
});

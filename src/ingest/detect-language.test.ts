import { describe, expect, it } from "vitest";
import { detectLanguage } from "./detect-language.ts";

// Short news-style paragraphs written for these tests, one per language.
const SAMPLES: Record<string, string> = {
  en: "The city council approved the new budget on Tuesday after a long debate, and the mayor said that the plan would fund more buses for the northern districts.",
  de: "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen. Die Bürgermeisterin sagte, dass mit dem Geld auch mehr Busse für die nördlichen Bezirke bezahlt werden.",
  fr: "Le conseil municipal a adopté mardi le nouveau budget après un long débat, et la maire a expliqué que le plan financera plus de bus dans les quartiers du nord.",
  es: "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate, y la alcaldesa dijo que el plan pagará más autobuses para los barrios del norte.",
  it: "Il consiglio comunale ha approvato martedì il nuovo bilancio dopo un lungo dibattito, e la sindaca ha detto che il piano finanzierà più autobus per i quartieri del nord.",
  pt: "A câmara municipal aprovou na terça-feira o novo orçamento após um longo debate, e a prefeita disse que o plano vai pagar mais ônibus para os bairros do norte.",
  nl: "De gemeenteraad heeft dinsdag de nieuwe begroting goedgekeurd na een lang debat, en de burgemeester zei dat het plan meer bussen voor de noordelijke wijken betaalt.",
  ko: "시의회는 화요일 긴 토론 끝에 새 예산안을 승인했으며, 시장은 이 계획으로 북부 지역에 버스를 더 투입할 것이라고 말했다.",
  ja: "市議会は火曜日、長い議論の末に新しい予算案を承認し、市長はこの計画で北部地区のバスを増やすと述べた。",
  zh: "市议会周二经过长时间辩论批准了新的预算，市长表示该计划将为北部地区增加更多公交车。",
  ru: "Городской совет во вторник после долгих споров утвердил новый бюджет, и мэр заявил, что план позволит пустить больше автобусов в северных районах.",
};

describe("detectLanguage", () => {
  for (const [code, text] of Object.entries(SAMPLES)) {
    it(`recognises ${code}`, () => {
      expect(detectLanguage(text)).toBe(code);
    });
  }

  it("gives up on text with too few words to judge", () => {
    expect(detectLanguage("")).toBeUndefined();
    expect(detectLanguage("Q3 2026: 14.5%")).toBeUndefined();
    expect(detectLanguage("Xylophone Quartz Zephyr Kumquat")).toBeUndefined();
  });

  it("gives up on Latin-script text in a language it has no profile for", () => {
    expect(
      detectLanguage("Kaupunginvaltuusto hyväksyi tiistaina uuden talousarvion pitkän keskustelun jälkeen."),
    ).toBeUndefined();
  });
});

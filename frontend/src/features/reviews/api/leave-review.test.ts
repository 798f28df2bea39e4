import { describe, expect, it } from "vitest";
import { REVIEW_FLAGS } from "@/features/reviews/api/leave-review";
import i18n from "@/lib/i18n";

describe("review flags", () => {
  it("every flag of both directions has a name in both languages", () => {
    for (const lang of ["ru", "en"]) {
      for (const direction of ["review_master", "review_client"] as const) {
        for (const { flag } of REVIEW_FLAGS[direction]) {
          expect(i18n.exists(`reviews.flag.${flag}`, { lng: lang }), `${lang} ${flag}`).toBe(true);
        }
      }
    }
    expect(REVIEW_FLAGS.review_master.map((f) => f.flag)).toEqual(expect.arrayContaining(["punctual", "polite", "clean", "excellent", "late"]));
    expect(REVIEW_FLAGS.review_client.map((f) => f.flag)).toEqual(expect.arrayContaining(["polite", "punctual", "no_show", "payment_issue"]));
  });
});

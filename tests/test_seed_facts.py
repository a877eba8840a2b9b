"""The seed briefing carries every fact of the article it summarises, in few pages.

The article is "The Last Holdouts" (The Asia Cable). Each fact below is held by
key words that must appear in the built PDF's text; a fact may sit in prose, the
timeline, a profile card, the figures or the actors table, but it must be there.
"""

from __future__ import annotations

import pytest
from conftest import pdf_text

# (fact, key words): every key word (or one of a tuple of alternatives) must be in the PDF.
FACTS: list[tuple[str, list[str | tuple[str, ...]]]] = [
    # Title and thesis
    ("title", ["The Last Holdouts: Resistance in Taliban-Controlled Afghanistan"]),
    ("publisher", ["The Asia Cable"]),
    ("resistance continues, impact limited", ["Armed opposition to the Taliban persists"]),
    # Intervention and its end
    ("9/11 led to the US invasion", ["September 11 attacks", "US-led invasion"]),
    ("broad international support for the invasion", ["broad support from the international community"]),
    ("coalition took Kabul in just over two months", ["Just over 2 months", "capture Kabul in 2001"]),
    ("US in Afghanistan for 20 years", ["20 years", "Length of the US presence"]),
    ("collapse took one day", ["1 day", "mission to collapse"]),
    ("Ghani fled", ["then-President Ashraf Ghani flees"]),
    ("embassy abandoned", ["American embassy is abandoned"]),
    ("Islamic Emirate re-established", ["Islamic Emirate re-established"]),
    ("at least 22 opposition groups, per the UN", ["22+", "at least 22", "United Nations report"]),
    # History
    ("graveyard of empires", ['"the graveyard of empires"']),
    ("Soviet invasion of 1979", ["1979", "Soviet invasion of Afghanistan"]),
    ("mujahideen: plural of mujahid", ["plural of mujahid"]),
    ("mujahid: someone who fights for Islam", ['"someone who fights for Islam"']),
    ("mujahideen: not one organisation, loosely affiliated",
     [("not one organisation", "not a single organisation"), "loose collection of Afghan resistance fighters"]),
    ("Massoud's vision", ['"independent, sovereign, and Islamist Afghanistan."']),
    ("Panjshir stronghold against the Soviets", ["native Panjshir Valley a stronghold"]),
    ("Lion of Panjshir", ['"the Lion of Panjshir"']),
    ("1986 turning point: CIA and MI6 backing", ["1986", "Turning point as CIA and MI6 back the mujahideen",
                                                 "extensive weapons and technical support"]),
    ("nearly ten years, Soviets left, mujahideen won",
     ["Nearly 10 years", "Soviet withdrawal", "mujahideen emerge victorious"]),
    ("Massoud defence minister", ["defence minister"]),
    ("Massoud and Rabbani key to the Northern Alliance", ["Burhanuddin Rabbani", "Northern Alliance"]),
    ("Taliban took Kabul in 1996", ["1996", "Taliban take Kabul; Northern Alliance opposes them"]),
    ("Alliance: non-Pashtuns of the north and centre", ["non-Pashtuns", "northern and central provinces"]),
    ("Taliban ranks: southern Pashtuns", ["Pashtuns of the south"]),
    ("Alliance took in other non-Pashtun leaders", ["other non-Pashtun leaders"]),
    ("Alliance assisted the US in 2001", ["Northern Alliance assists the American military"]),
    ("question: who opposes the Taliban, can they threaten it", ["Who opposes the Taliban now"]),
    # NRF
    ("NRF most visible, non-extremist, armed", ["National Resistance Front", "most visible", "non-extremist"]),
    ("NRF led by Ahmad Massoud, son of Ahmad Shah Massoud", ["Ahmad Massoud, son of Ahmad Shah Massoud"]),
    ("NRF operates from Panjshir", ["Panjshir Valley (headquarters)"]),
    ("Massoud's fight mirrors his father's", ["Soviets, the Taliban and al-Qaeda"]),
    ("NRF members: ex-military, police, security officials", ["police and other security officials"]),
    ("NRF: growing local support", ["local support"]),
    ("NRF present in nearly twenty provinces", ["Nearly 20", "Provinces in which the NRF is present"]),
    ("NRF ambushes by summer 2022 in the northeast", ["By summer 2022", "NRF begins ambushes in the northeast",
                                                      "limited attacks on Taliban forces"]),
    ("NRF attacks since in the east and Kabul", ["eastern Afghanistan", "Kabul"]),
    ("NRF goal 1: lead coordination of anti-Taliban groups", ["coordination of the various anti-Taliban groups"]),
    ("NRF goal 2: international engagement", ["engagement from the international community"]),
    ("NRF goal 3: expand operations", ["scope and scale of its operations"]),
    # AFF
    ("AFF emerged in 2022", ["Afghanistan Freedom Front emerges", "2022"]),
    ("AFF aims", ['"tyrant rule"', '"inevitable conflict."']),
    ("AFF: democracy and women's rights", ["democracy and women's rights"]),
    ("AFF led by Yasin Zia", ["Yasin Zia"]),
    ("Zia's former posts", ["Chief of Staff", "Deputy Defense Minister", "Governor of Takhar Province"]),
    ("Zia: counterterrorism 2011, NDS deputy 2011-2015",
     ["counterterrorism unit in 2011", "Deputy Director of the National Directorate of Security", "2011-2015"]),
    ("AFF less centralised, urban sabotage", ["less centralized than the NRF", "urban-based sabotage"]),
    ("AFF claimed Kabul Airport attack in Oct 2024",
     ["Oct 2024", "AFF claims attack on Kabul Airport", "missiles and a small infantry unit"]),
    ("AFF reportedly hit Taliban in Kunduz and Panjshir, 'last month'",
     ["kills and wounds Taliban fighters in Kunduz and Panjshir", '"last month"']),
    ("AFF and NRF raise money, weapons and support abroad", ["raising money, weapons and support"]),
    # ANDSF
    ("ANDSF remnants resist, less organised", ["Former Afghan National Defense and Security Forces remnants",
                                                "much less organized"]),
    ("ANDSF operate with NRF and AFF", ["alongside established groups, notably the NRF and AFF"]),
    # Capabilities
    ("militarily quite limited", ["militarily quite limited"]),
    ("information warfare and guerrilla tactics since urban operations",
     ["Information warfare and guerrilla tactics", "urban operations"]),
    ("207+ NRF operations since January 2024", ["207+", "NRF successful operations since January 2024"]),
    ("NRF targets", ["military bases and facilities, checkpoints and high-level officials"]),
    ("NRF infiltrated Taliban intelligence", ["infiltrating the Taliban's intelligence network"]),
    ("domestic support, not external", ["domestic support has not necessarily translated into external support"]),
    # Pakistan
    ("Pakistan: instability, engages the Taliban", ["instability", "engages the Taliban leadership"]),
    ("Pakistan wary of Afghan refugees", ["wary of Afghan refugees"]),
    ("Illegal Foreigners Repatriation Plan", ['"Illegal Foreigners Repatriation Plan"']),
    ("plan: non-citizens without a valid visa, undocumented Afghans first",
     ["without a valid visa", "undocumented Afghan nationals first"]),
    ("plan has three phases", ["Phases of Pakistan's"]),
    ("UN and humanitarian organisations criticise the plan",
     ["United Nations and other humanitarian organisations have strongly criticised"]),
    # Tajikistan
    ("no government recognises the Taliban", ["No government recognises the Taliban"]),
    ("Tajikistan refuses recognition", ["Tajikistan", "refuses recognition"]),
    ("Taliban label Tajiks prone to resistance", ["ethnic Tajiks as prone to resistance"]),
    ("Rahmon denounced the Taliban", ["Emomali Rahmon", "inclusive government", "particularly Tajiks"]),
    ("Tajikistan hosts NRF figures in Dushanbe", ["Ahmad Massoud, giving them protection", "Dushanbe"]),
    ("Order of Ismoili Somoni, Sep 2021",
     ["Sep 2021", "Order of Ismoili Somoni", "posthumously", "highest honour"]),
    # Outlook
    ("short term: groups alive and well", ["alive and well"]),
    ("limited external support, limited impact", ["limited external support"]),
    ("main risk: more radical factions", ["more radical factions"]),
    ("long term: Taliban implosion, fractured factions", ["Taliban implosion", "internal network is fragile",
                                                          "infighting"]),
    ("economic collapse could undermine Taliban authority", ["Economic collapse undermines Taliban authority"]),
    ("economy contracted 27% since 2021", ["27%", "Contraction of the Afghan economy"]),
    ("unemployment doubled", ["2×", "(doubled)"]),
    ("only 40% have electricity", ["40%", "access to electricity"]),
    ("finance basically collapsed", ['"basically collapsed"']),
    ("no exports or public expenditure; SMEs and farmers the lifeblood",
     ["exports or public expenditure", "small and medium enterprises", "farmers", "lifeblood"]),
    ("69% lack basic resources", ["69%", "lacking basic resources"]),
    ("legacy of resistance; fragmented, under-resourced", ["legacy of resistance", "fragmented and under-resourced"]),
    ("low-level insurgency continues, no significant threat", ["Low-level insurgency", "not significantly threaten"]),
    ("future rests on the people, not military strength", ["support or silence of the Afghan people"]),
    ("disclaimer", ["do not necessarily reflect the position of The Asia Cable"]),
]


def _plain(s: str) -> str:
    """The PDF's typography folded back to plain text: straight quotes, hyphens, ordinary spaces."""
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("\u00a0", " "), ("\u202f", " ")):
        s = s.replace(a, b)
    return " ".join(s.split()).casefold()


@pytest.fixture(scope="module")
def seed(seed_pdf) -> list[str]:
    return pdf_text(seed_pdf)


@pytest.mark.parametrize(("fact", "words"), FACTS, ids=[f for f, _ in FACTS])
def test_fact_is_in_the_pdf(seed, fact, words):
    text = _plain(" ".join(seed))
    for w in words:
        options = w if isinstance(w, tuple) else (w,)
        assert any(_plain(o) in text for o in options), f"{fact}: {options[0]!r} not in the PDF"


def test_seed_fits_six_a4_pages(seed):
    assert len(seed) <= 6

"""Counts of Party members, units, delegates and committee seats (docs/EXTRACTION.md, section 8).

The counts component reads the organisation mentions found before it; each case names the
mentions it is given, so these tests measure the counts rules alone.
"""
import pytest

from pipeline.components import facts
from pipeline.extract import build_nlp
from pipeline.records import Count, Organisation


@pytest.fixture(scope="module")
def nlps():
    return {lang: build_nlp(lang) for lang in ("en", "vi")}


def read(nlp, text, orgs=(), published=None):
    """The counts of ``text``, given the organisation mentions ``orgs`` (every occurrence)."""
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp.get_pipe("partyfacts_sentences")(doc)
    doc = nlp.get_pipe("partyfacts_terms")(doc)
    mentions = facts(doc)["organisations"]
    for name in orgs:
        at = text.find(name)
        while at >= 0:
            mentions.append(Organisation(name=name, canonical=name.lower(), start=at, end=at + len(name)))
            at = text.find(name, at + len(name))
    mentions.sort(key=lambda o: o.start)
    return nlp.get_pipe("partyfacts_counts")(doc)._.facts["counts"]


def rows(counts):
    return [(c.measure, c.value, c.value_max, c.qualifier, c.is_target, c.period, c.org) for c in counts]


@pytest.mark.parametrize("text, orgs, expected", [
    ("The Party Committee of the Department of Home Affairs currently has 9 Party cells with 69 Party members.",
     ["Party Committee of the Department of Home Affairs"],
     [("party_cells", 9, None, "exact", False, None, "Party Committee of the Department of Home Affairs"),
      ("party_members", 69, None, "exact", False, None, "Party Committee of the Department of Home Affairs")]),
    ("Mong Cai City Party Committee currently has 36 branches, grassroots party committees and 263 party cells "
     "directly under grassroots party committees.", ["Mong Cai City Party Committee"],
     [("grassroots_organisations", 36, None, "exact", False, None, "Mong Cai City Party Committee"),
      ("party_cells", 263, None, "exact", False, None, "Mong Cai City Party Committee")]),
    ("Particularly in 2021, the Party Committee of Khe Cham Coal Company strives to admit 35-40 new members.",
     ["Party Committee of Khe Cham Coal Company"],
     [("new_members", 35, 40, "exact", True, "2021", "Party Committee of Khe Cham Coal Company")]),
    ("The Party Committee of Quang Ninh Coal currently has nearly 19,000 party members, accounting for nearly 20%.",
     ["Party Committee of Quang Ninh Coal"],
     [("party_members", 19000, None, "approx", False, None, "Party Committee of Quang Ninh Coal")]),
    ("In the period of 2015-2020 alone, Quang Ninh Coalition Party Committee admitted an average of 800-1,000 new "
     "members per year.", ["Quang Ninh Coalition Party Committee"],
     [("new_members", 800, 1000, "approx", False, "2015-2020", "Quang Ninh Coalition Party Committee")]),
    # Party units and members belong to the Party body named earlier, never to a state or mass organisation
    ("Attending were Nguyen Van A, Chairman of the Fatherland Front Committee of Lam Dong province. "
     "The Congress was attended by 320 delegates representing over 80,000 party members.",
     ["Fatherland Front Committee of Lam Dong province"],
     [("delegates", 320, None, "exact", False, None, "Provincial Party Committee"),
      ("party_members", 80000, None, "more_than", False, None, "Provincial Party Committee")]),
    ("The Ha Long City Party Committee has two Party cells and nine grassroots party organizations.",
     ["Ha Long City Party Committee"],
     [("party_cells", 2, None, "exact", False, None, "Ha Long City Party Committee"),
      ("grassroots_organisations", 9, None, "exact", False, None, "Ha Long City Party Committee")]),
    ("Binh Duong Party Committee was established with 09 affiliated Party Committees and 104.000 Party members.",
     ["Binh Duong Party Committee"],
     [("grassroots_organisations", 9, None, "exact", False, None, "Binh Duong Party Committee"),
      ("party_members", 104000, None, "exact", False, None, "Binh Duong Party Committee")]),
    # "the city", "the Party Committee" resolve to the named body; "the term" to the current term
    ("Mong Cai City Party Committee met on Monday. Since the beginning of the term, the city has admitted 857 new "
     "Party members.", ["Mong Cai City Party Committee"],
     [("new_members", 857, None, "exact", False, "since the beginning of the term", "Mong Cai City Party Committee")]),
    ("The Party Committee of Ward 5 has 12 party cells. The Party Committee also has 320 party members.",
     ["Party Committee of Ward 5"],
     [("party_cells", 12, None, "exact", False, None, "Party Committee of Ward 5"),
      ("party_members", 320, None, "exact", False, None, "Party Committee of Ward 5")]),
    ("In early 2020, the province had 725 grassroots party organizations.", [],
     [("grassroots_organisations", 725, None, "exact", False, "2020", "Provincial Party Committee")]),
    # N out of M, N/M: M is the body's total, N is not a count
    ("From the beginning of 2021 up to now, 32/40 branches, grassroots party committees admitted 185 new members.",
     [], [("grassroots_organisations", 40, None, "exact", False, "2021", "Provincial Party Committee"),
          ("new_members", 185, None, "exact", False, "2021", "Provincial Party Committee")]),
    ("In 27 out of 66 (41%) of the grassroots party organizations under the Bloc Party Committee, there is no source.",
     ["Bloc Party Committee"], [("grassroots_organisations", 66, None, "exact", False, None, "Bloc Party Committee")]),
    # delegates: a known composition is no goal; the owner comes after the number
    ("The Congress will be attended by 366 delegates representing over 104,000 Party members in the entire "
     "Provincial Party Committee.", [],
     [("delegates", 366, None, "exact", False, None, "Provincial Party Committee"),
      ("party_members", 104000, None, "more_than", False, None, "Provincial Party Committee")]),
    # elected bodies of a stated size
    ("The delegates elected the Congress Presidium consisting of 11 comrades; the Secretariat consisting of "
     "3 comrades.", [], [("committee_members", 11, None, "exact", False, None, "Congress Presidium"),
          ("committee_members", 3, None, "exact", False, None, "Secretariat")]),
    ("The Standing Committee of the Provincial Party Committee has 15 members.", [],
     [("committee_members", 15, None, "exact", False, None, "Standing Committee of the Provincial Party Committee")]),
    ("As of June 2024, Lao Cai Provincial Party Committee has 22 affiliated party committees, 680 grassroots party "
     "organizations and nearly 60,000 party members.", ["Lao Cai Provincial Party Committee"],
     [("grassroots_organisations", 22, None, "exact", False, None, "Lao Cai Provincial Party Committee"),
      ("grassroots_organisations", 680, None, "exact", False, None, "Lao Cai Provincial Party Committee"),
      ("party_members", 60000, None, "approx", False, None, "Lao Cai Provincial Party Committee")]),
    ("The Provincial Party Executive Committee for the 2025-2030 term consists of 53 members.", [],
     [("committee_members", 53, None, "exact", False, "2025-2030", "Provincial Party Executive Committee")]),
    # goals, qualifiers after the number, periods after the noun
    ("By 2025, Lang Son Provincial Party Committee aims to admit 2,200 or more party members each year.",
     ["Lang Son Provincial Party Committee"],
     [("new_members", 2200, None, "at_least", True, None, "Lang Son Provincial Party Committee")]),
    ("Lang Son Provincial Party Committee plans to admit 50 new party members in 2024.",
     ["Lang Son Provincial Party Committee"],
     [("new_members", 50, None, "exact", True, "2024", "Lang Son Provincial Party Committee")]),
    # an article that names no body and refers to none: its counts are the province's (a provincial paper's own)
    ("In the first quarter of 2025, inspection committees disciplined 27 party members and 3 party organizations.",
     [], [("disciplined", 27, None, "exact", False, "first quarter of 2025", "Provincial Party Committee"),
          ("disciplined", 3, None, "exact", False, "first quarter of 2025", "Provincial Party Committee")]),
    # M of "N of M" is the body's total; "targeted to admit" is a goal
    ("According to the provincial Party Committee, so far, 319 of 321 Party organizations at the grassroots level "
     "have completed their congresses.", ["provincial Party Committee"],
     [("grassroots_organisations", 321, None, "exact", False, None, "Provincial Party Committee")]),
    ("In 2024, Mai Chau district Party Committee targeted to admit 152 new Party members.",
     ["Mai Chau district Party Committee"],
     [("new_members", 152, None, "exact", True, "2024", "Mai Chau district Party Committee")]),
    # "party members admitted each year"; a goal cue does not reach over "but"; an admission target of "N comrades";
    # "will admit N comrades"
    ("Xieng My Commune Party Committee set a target of admitting 40 party members for the 2020-2025 term (an "
     "average of 8-10 party members admitted each year), but up to this point, 42 party members have been admitted.",
     ["Xieng My Commune Party Committee"],
     [("new_members", 40, None, "exact", True, "2020-2025", "Xieng My Commune Party Committee"),
      ("new_members", 8, 10, "approx", True, "2020-2025", "Xieng My Commune Party Committee"),
      ("new_members", 42, None, "exact", False, "2020-2025", "Xieng My Commune Party Committee")]),
    ("In 2023, Xieng My Commune Party Committee admitted 11 outstanding people, above the district's target of 08 "
     "comrades. In 2024, the district's target is 7 party members, and it is expected that by the end of the year, "
     "Xieng My Commune Party Committee will admit 14 comrades.", ["Xieng My Commune Party Committee"],
     [("new_members", 11, None, "exact", False, "2023", "Xieng My Commune Party Committee"),
      ("new_members", 8, None, "exact", True, "2023", "Xieng My Commune Party Committee"),
      ("new_members", 7, None, "exact", True, "2024", "Xieng My Commune Party Committee"),
      ("new_members", 14, None, "exact", True, "2024", "Xieng My Commune Party Committee")]),
    # a body tied to the count by a relative clause (", which in 2023 recruited")
    ("Xieng My Commune Party Committee has 10 cells. A typical example is the Chon Village Party Cell, which in 2023 "
     "recruited 2 Party members.", ["Xieng My Commune Party Committee", "Chon Village Party Cell"],
     [("party_cells", 10, None, "exact", False, None, "Xieng My Commune Party Committee"),
      ("new_members", 2, None, "exact", False, "2023", "Chon Village Party Cell")]),
    # "20 district, city and town party committees"; numbers in brackets right after a total are its parts, a
    # bracket further on or one of the represented membership holds counts
    ("Nghe An Provincial Party Committee issued the project. Currently, Nghe An province has 20 district, city and "
     "town party committees with 1,035 grassroots party organizations (584 grassroots party committees, 451 "
     "grassroots party cells) and 184,466 party members.", ["Nghe An Provincial Party Committee"],
     [("grassroots_organisations", 20, None, "exact", False, None, "Nghe An Provincial Party Committee"),
      ("grassroots_organisations", 1035, None, "exact", False, None, "Nghe An Provincial Party Committee"),
      ("party_members", 184466, None, "exact", False, None, "Nghe An Provincial Party Committee")]),
    ("Dong Lac Commune Party Committee has admitted 24 new party members, double the target of the Resolution of the "
     "commune (admitting 4 or more party members each year).", ["Dong Lac Commune Party Committee"],
     [("new_members", 24, None, "exact", False, None, "Dong Lac Commune Party Committee"),
      ("new_members", 4, None, "at_least", True, None, "Dong Lac Commune Party Committee")]),
    ("The 16th Provincial Party Congress has 366 delegates (representing 104,000 party members).", [],
     [("delegates", 366, None, "exact", False, None, "Provincial Party Committee"),
      ("party_members", 104000, None, "exact", False, None, "Provincial Party Committee")]),
    # "5.1 million"; "nationwide" is the whole Party
    ("A total of 1,587 delegates representing more than 5.1 million Party members nationwide will participate in the "
     "13th National Party Congress.", [],
     [("delegates", 1587, None, "exact", False, None, "Communist Party of Vietnam"),
      ("party_members", 5100000, None, "more_than", False, None, "Communist Party of Vietnam")]),
    # Party units disciplined
    ("The inspection committees disciplined 3 grassroots party organizations and 2 party cells.", [],
     [("disciplined", 3, None, "exact", False, None, "Provincial Party Committee"),
      ("disciplined", 2, None, "exact", False, None, "Provincial Party Committee")]),
    # "the number of (new) Party members (admitted) ... was/reached N"
    ("The number of new Party members admitted by Tien Yen District Party Committee in 2024 was 120.",
     ["Tien Yen District Party Committee"],
     [("new_members", 120, None, "exact", False, "2024", "Tien Yen District Party Committee")]),
    ("The number of Party members of Tien Yen District Party Committee reached 2,345.",
     ["Tien Yen District Party Committee"],
     [("party_members", 2345, None, "exact", False, None, "Tien Yen District Party Committee")]),
    # a cell with N members counts its members, not a committee's; the whole Party "from around the country"
    ("The leader announced the establishment of the grassroots cell with 15 members and the appointment of its "
     "secretary.", [], [("party_members", 15, None, "exact", False, None, "Provincial Party Committee")]),
    ("The congress will be attended by 1,587 delegates representing 5.1 million Party members from around the country.",
     [], [("delegates", 1587, None, "exact", False, None, "Communist Party of Vietnam"),
          ("party_members", 5100000, None, "exact", False, None, "Communist Party of Vietnam")]),
])
def test_english_counts(nlps, text, orgs, expected):
    assert rows(read(nlps["en"], text, orgs)) == expected


@pytest.mark.parametrize("text", [
    "Implementing Resolution No. 18-NQ/TW, the province has reduced 120 Party cells and merged 14 Party Committees.",
    "100% of party cells have completed their congresses.",
    "There were 3 district-level party committees that had completed the organization of congresses.",
    "Hai Duong has transferred 21 grassroots party organizations to the Bloc Party Committee.",
    "The Party Committee selected 19 outstanding people to attend the training class.",
    "It considered and proposed to recruit 23 outstanding people into the Party.",
    "The conference on Party building was attended by 200 delegates.",
    "The unit admitted the most members, exceeding the target assigned by the Standing Committee by 6 members.",
    "An increase of 137 party members compared to the same period in 2023.",
    "The Party Committee inspected 122 party organizations and 28 party members.",
    "The personnel subcommittee of the Party Congress has 5 members.",
    "The Standing Committee requested the two Party Committees to prepare the documents.",
    "Call 0203 3825 123 about Decision No. 1 of 2024, 5 years and 4 contents.",
    "The theme received 34 presentations in 2,717 m2 with 679,000 people.",
    "Serial " + "9" * 5000 + " party members and 1,234,567,890,123 party cells.",
    "Over 3,000 party members attended the conference.",
    "The Provincial Party Committee awarded Party membership badges to 1,250 party members.",
    "The Youth Union has 3,000 members.",
    "The cell was dissolved as it did not have enough 3 official party members.",
    "As of March 26, the whole province had 3,889 party cells under grassroots party committees completing the congress.",
    # members of a working body (subcommittee, steering committee), whatever stands between it and its verb
    "The Subcommittee was established by Decision No 4896-QD/TU on August 2, 2024 by the Dien Bien Provincial Party "
    "Committee, and consists of 27 members.",
    "The Steering Committee of the Provincial Party Committee has 15 members.",
    # units whose activities end or that are established, and the parts of their totals; units honoured
    "Nghe An will end the activities of 20 district-level party committees under the Provincial Party Committee, 412 "
    "commune-level party committees (old) under the district party committees.",
    "It will establish 130 new commune-level party committees (including 11 ward party committees, 119 commune party "
    "committees).",
    "10 Party organizations receive certificates of merit at the conference.",
    "Its population is 1.2 million people.",
    "Seven grassroots Party cells in FDI firms were formed this year.",
    "Two new Party cells were set up at private companies.",
    # "Among the ..." opens parts of the previous sentence's total
    "Among the newly admitted party members, 213 party members are aged 18-30.",
])
def test_english_non_counts(nlps, text):
    assert read(nlps["en"], text) == []


@pytest.mark.parametrize("lang, text, orgs, owner", [
    # "the commune Party Committee" / "Đảng bộ xã" point back to the commune's body, not the last body named
    ("en", "The Party Committee of Pa Co commune met the Mai Chau District Party Committee. The commune Party "
     "Committee has admitted 12 new members.", ["Party Committee of Pa Co commune", "Mai Chau District Party Committee"],
     "Party Committee of Pa Co commune"),
    ("vi", "Đảng bộ xã Dân Chủ tổ chức Đại hội. Đồng chí Huyền tặng hoa Đảng ủy các cơ quan Đảng tỉnh. Đảng bộ xã hiện "
     "có 1.039 đảng viên.", ["Đảng bộ xã Dân Chủ", "Đảng ủy các cơ quan Đảng tỉnh"], "Đảng bộ xã Dân Chủ"),
    # without such a word the count still goes to the last body named
    ("en", "The Party Committee of Pa Co commune met the Mai Chau District Party Committee. The district has "
     "admitted 12 new members.", ["Party Committee of Pa Co commune", "Mai Chau District Party Committee"],
     "Mai Chau District Party Committee"),
])
def test_commune_references_resolve_to_the_commune(nlps, lang, text, orgs, owner):
    (count,) = read(nlps[lang], text, orgs)
    assert count.org == owner


def test_parts_of_a_total_are_not_counts(nlps):
    text = ("Hai Duong Provincial Party Committee admitted 848 new party members, including 120 party members who "
            "are women. Disciplinary measures include: reprimanding 8 party members and expelling 18 party members.")
    assert rows(read(nlps["en"], text, ["Hai Duong Provincial Party Committee"])) == [
        ("new_members", 848, None, "exact", False, None, "Hai Duong Provincial Party Committee")]


def test_the_same_fact_twice_is_one_count(nlps):
    text = ("Hai Duong Provincial Party Committee has 15 grassroots party committees. By December 14, 15 grassroots "
            "party committees in Hai Duong had chosen their model units; 213/333 party members are young.")
    assert [(c.measure, c.value) for c in read(nlps["en"], text, ["Hai Duong Provincial Party Committee"])] == [
        ("grassroots_organisations", 15), ("party_members", 333)]


def test_equal_counts_of_two_named_bodies_are_two_counts(nlps):
    text = ("Party Cell 1 was established with 12 party members (of the Department of Propaganda); Party Cell 2 "
            "with 16 party members; Party Cell 3 with 12 party members.")
    assert [(c.value, c.org) for c in read(nlps["en"], text, ["Party Cell 1", "Party Cell 2", "Party Cell 3",
                                                             "Department of Propaganda"])] == [
        (12, "Party Cell 1"), (16, "Party Cell 2"), (12, "Party Cell 3")]


def test_a_count_restated_with_a_shorter_name_is_one_count(nlps):
    text = ("Dong Lac Commune Party Committee has admitted 24 new party members. After half a term, the Party "
            "Committee of Dong Lac commune has admitted 24 new party members.")
    assert [(c.value, c.org) for c in read(nlps["en"], text, ["Dong Lac Commune Party Committee",
                                                             "Party Committee of Dong Lac commune"])] == [
        (24, "Dong Lac Commune Party Committee")]


def test_a_period_after_the_noun_stays_in_its_clause(nlps):
    text = "Mong Cai City Party Committee has 52 party cells; in 2024 it admitted 215 new party members."
    assert [(c.value, c.period) for c in read(nlps["en"], text, ["Mong Cai City Party Committee"])] == [
        (52, None), (215, "2024")]


def test_the_term_is_the_one_of_the_publication_year(nlps):
    text = ("Mong Cai City Party Committee reviewed the 2020-2025 term and planned the 2025-2030 term. "
            "Since the beginning of the term, the city has admitted 857 new Party members.")
    (count,) = read(nlps["en"], text, ["Mong Cai City Party Committee"], published="2024-10-09")
    assert count.period == "2020-2025"


def test_offsets_span_the_mention_and_evidence_is_the_sentence(nlps):
    text = "The meeting opened. Mong Cai City Party Committee currently has 263 party cells."
    (count,) = read(nlps["en"], text, ["Mong Cai City Party Committee"])
    assert isinstance(count, Count)
    assert text[count.start:count.end] == "263 party cells"
    assert count.evidence == "Mong Cai City Party Committee currently has 263 party cells."


@pytest.mark.parametrize("text, orgs, expected", [
    ("Đảng bộ P.Thủy An gồm 10 chi bộ trực thuộc với 243 đảng viên.", ["Đảng bộ P.Thủy An"],
     [("party_cells", 10, None, "exact", False, None, "Đảng bộ P.Thủy An"),
      ("party_members", 243, None, "exact", False, None, "Đảng bộ P.Thủy An")]),
    ("Năm 2023, Đảng bộ huyện Tiên Yên đã kết nạp 857 đảng viên mới.", ["Đảng bộ huyện Tiên Yên"],
     [("new_members", 857, None, "exact", False, "2023", "Đảng bộ huyện Tiên Yên")]),
    ("Quyết định thành lập Đảng bộ TP.Đông Triều, trên cơ sở toàn bộ Đảng bộ TX.Đông Triều, gồm 48 chi bộ, "
     "đảng bộ cơ sở.", ["Đảng bộ TP.Đông Triều", "Đảng bộ TX.Đông Triều"],
     [("grassroots_organisations", 48, None, "exact", False, None, "Đảng bộ TX.Đông Triều")]),
    ("Đại hội đại biểu Đảng bộ huyện có gần 300 đại biểu chính thức.", [],
     [("delegates", 300, None, "approx", False, None, "Huyện ủy")]),
    ("Toàn tỉnh có trên 1.000 đảng viên.", [],
     [("party_members", 1000, None, "more_than", False, None, "Đảng bộ tỉnh")]),
    ("Đại hội bầu Ban Chấp hành Đảng bộ tỉnh Quảng Ninh khóa XVI, nhiệm kỳ 2025-2030 gồm 55 đồng chí.", [],
     [("committee_members", 55, None, "exact", False, "2025-2030", "Ban Chấp hành Đảng bộ tỉnh Quảng Ninh khóa XVI")]),
    ("Ban Chấp hành Đảng bộ tỉnh đã bầu 16 ủy viên vào Ban Thường vụ Tỉnh ủy.", [],
     [("committee_members", 16, None, "exact", False, None, "Ban Thường vụ Tỉnh ủy")]),
    ("Đảng bộ xã Văn Xá phấn đấu kết nạp 10 đảng viên mới trong năm 2025.", ["Đảng bộ xã Văn Xá"],
     [("new_members", 10, None, "exact", True, "2025", "Đảng bộ xã Văn Xá")]),
    ("Ủy ban Kiểm tra các cấp đã thi hành kỷ luật 35 tổ chức đảng và 412 đảng viên, trong đó khai trừ 98 đảng viên.",
     [], [("disciplined", 35, None, "exact", False, None, "Đảng bộ tỉnh"),
          ("disciplined", 412, None, "exact", False, None, "Đảng bộ tỉnh")]),
    ("Đảng bộ xã Tam Nghĩa có 12 chi bộ. Tổng số đảng viên hiện nay là 379 trong đó 09 đảng viên dự bị.",
     ["Đảng bộ xã Tam Nghĩa"], [("party_cells", 12, None, "exact", False, None, "Đảng bộ xã Tam Nghĩa"),
                                ("party_members", 379, None, "exact", False, None, "Đảng bộ xã Tam Nghĩa")]),
    ("Đảng bộ xã Tam Nghĩa đã phát triển được 26/30 đảng viên mới đạt 86,66% chỉ tiêu.", ["Đảng bộ xã Tam Nghĩa"],
     [("new_members", 26, None, "exact", False, None, "Đảng bộ xã Tam Nghĩa"),
      ("new_members", 30, None, "exact", True, None, "Đảng bộ xã Tam Nghĩa")]),
    ("Năm 2024, Đảng bộ huyện Tiên Yên kết nạp mới 152 đảng viên.", ["Đảng bộ huyện Tiên Yên"],
     [("new_members", 152, None, "exact", False, "2024", "Đảng bộ huyện Tiên Yên")]),
    ("Đảng bộ huyện Thanh Hà đề ra mục tiêu mỗi năm kết nạp từ 90 - 100 đảng viên.", ["Đảng bộ huyện Thanh Hà"],
     [("new_members", 90, 100, "exact", True, None, "Đảng bộ huyện Thanh Hà")]),
    ("Đảng bộ tỉnh Hải Dương hiện có 3.889/4.100 chi bộ đã hoàn thành đại hội.", ["Đảng bộ tỉnh Hải Dương"],
     [("party_cells", 4100, None, "exact", False, None, "Đảng bộ tỉnh Hải Dương")]),
    ("Đoàn đại biểu của Đảng bộ tỉnh Ninh Bình dự Đại hội XIII gồm 22 đồng chí, trong đó có 1 đại biểu đương nhiên.",
     ["Đảng bộ tỉnh Ninh Bình"], [("delegates", 22, None, "exact", False, None, "Đảng bộ tỉnh Ninh Bình")]),
    # cells under grassroots Party committees are no part of a total of grassroots organisations; the parts are
    ("Toàn tỉnh có 755 tổ chức cơ sở Đảng, bao gồm 369 chi bộ cơ sở và 386 Đảng bộ cơ sở (với 3.673 chi bộ trực "
     "thuộc).", [], [("grassroots_organisations", 755, None, "exact", False, None, "Đảng bộ tỉnh"),
                     ("party_cells", 3673, None, "exact", False, None, "Đảng bộ tỉnh")]),
    ("Nâng tổng số ĐV của tỉnh lên 20.952 đồng chí, sinh hoạt tại 434 tổ chức cơ sở đảng (trong đó: 149 đảng bộ cơ "
     "sở, với 1.251 chi bộ trực thuộc và 285 chi bộ cơ sở).", [],
     [("party_members", 20952, None, "exact", False, None, "Đảng bộ tỉnh"),
      ("grassroots_organisations", 434, None, "exact", False, None, "Đảng bộ tỉnh"),
      ("party_cells", 1251, None, "exact", False, None, "Đảng bộ tỉnh")]),
    # a breakdown by body is counts of those bodies ("đạt 105% chỉ tiêu" is no goal); one by attribute is not
    ("Các đảng bộ trực thuộc Tỉnh ủy kết nạp được 288 đảng viên (ĐV) mới. Trong đó có 4 đảng bộ đạt trên 50% chỉ "
     "tiêu được giao, bao gồm: Đảng bộ Công an tỉnh kết nạp được 21 ĐV mới, đạt 105% chỉ tiêu được giao; riêng "
     "Đảng bộ huyện Ninh Sơn chỉ mới kết nạp được 13 ĐV mới.", ["Tỉnh ủy", "Đảng bộ Công an tỉnh", "Đảng bộ huyện Ninh Sơn"],
     [("new_members", 288, None, "exact", False, None, "Đảng bộ tỉnh"),
      ("new_members", 21, None, "exact", False, None, "Đảng bộ Công an tỉnh"),
      ("new_members", 13, None, "exact", False, None, "Đảng bộ huyện Ninh Sơn")]),
    ("Đảng bộ huyện Tiên Yên kết nạp 120 đảng viên mới, trong đó Đảng bộ xã Hà Lâu kết nạp 12 đảng viên mới và 40 "
     "đảng viên nữ. Trong đó, Đảng bộ huyện Tiên Yên có 30 đảng viên là đoàn viên.",
     ["Đảng bộ huyện Tiên Yên", "Đảng bộ xã Hà Lâu"],
     [("new_members", 120, None, "exact", False, None, "Đảng bộ huyện Tiên Yên"),
      ("new_members", 12, None, "exact", False, None, "Đảng bộ xã Hà Lâu")]),
    # admitting "cho N quần chúng"; "phát triển N đảng viên" in a quoted congress resolution is its body's goal
    ("Chi bộ các cơ quan Đảng xã Hữu Liên đã long trọng tổ chức Lễ kết nạp Đảng viên mới cho 2 quần chúng ưu tú.",
     ["Chi bộ các cơ quan Đảng xã Hữu Liên"],
     [("new_members", 2, None, "exact", False, None, "Chi bộ các cơ quan Đảng xã Hữu Liên")]),
    ("Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIII “Bình quân hằng năm phát triển 2.000 đảng "
     "viên”; theo đó, Đảng bộ huyện Tuy Phong đã xây dựng kế hoạch.", ["Đảng bộ tỉnh", "Đảng bộ huyện Tuy Phong"],
     [("new_members", 2000, None, "exact", True, None, "Đảng bộ tỉnh")]),
    # "5,6 triệu"; "cả nước" is the whole Party
    ("Cả nước có hơn 5,6 triệu đảng viên.", [],
     [("party_members", 5600000, None, "more_than", False, None, "Đảng Cộng sản Việt Nam")]),
    # the membership delegates represent is a count whatever they do; "chi, đảng bộ" is "chi bộ, đảng bộ"
    ("Đại hội đại biểu Đảng bộ huyện Thoại Sơn diễn ra phiên trù bị. Phó Chủ tịch HĐND tỉnh Đỗ Tấn Kiết, cùng 286 đại "
     "biểu chính thức đại diện 4.400 đảng viên trong toàn Đảng bộ huyện đã tham dự.", ["Đảng bộ huyện Thoại Sơn"],
     [("delegates", 286, None, "exact", False, None, "Đảng bộ huyện Thoại Sơn"),
      ("party_members", 4400, None, "exact", False, None, "Đảng bộ huyện Thoại Sơn")]),
    ("Đảng bộ huyện Đại Từ hiện có 51 chi, đảng bộ trực thuộc với trên 9.200 đảng viên.", ["Đảng bộ huyện Đại Từ"],
     [("grassroots_organisations", 51, None, "exact", False, None, "Đảng bộ huyện Đại Từ"),
      ("party_members", 9200, None, "more_than", False, None, "Đảng bộ huyện Đại Từ")]),
    # Party units disciplined, not their forms of discipline; "Trong số ..." opens parts of the previous total
    ("Qua 10 năm, cấp ủy và ủy ban kiểm tra các cấp đã xử lý kỷ luật 7 tổ chức cơ sở đảng (khiển trách 6, cảnh cáo 1), "
     "xử lý kỷ luật 1 chi bộ trực thuộc; xử lý kỷ luật 1.574 đảng viên (trong đó: khiển trách 692).", [],
     [("disciplined", 7, None, "exact", False, None, "Đảng bộ tỉnh"),
      ("disciplined", 1, None, "exact", False, None, "Đảng bộ tỉnh"),
      ("disciplined", 1574, None, "exact", False, None, "Đảng bộ tỉnh")]),
    ("Huyện ủy Hiệp Hòa kết nạp 200 đảng viên mới. Trong số các đảng viên mới có 6 đồng chí là trưởng thôn, 14 đảng "
     "viên là học sinh.", ["Huyện ủy Hiệp Hòa"], [("new_members", 200, None, "exact", False, None, "Huyện ủy Hiệp Hòa")]),
    # a goal cue does not reach over "nhưng"; a body of some kind not named leaves the owner open
    ("Đảng bộ xã đề ra mục tiêu kết nạp 10 đảng viên mới, nhưng đến nay đã kết nạp được 12 đảng viên mới.", ["Đảng bộ xã"],
     [("new_members", 10, None, "exact", True, None, None), ("new_members", 12, None, "exact", False, None, None)]),
    # "N quần chúng ưu tú được kết nạp"; "số đảng viên mới kết nạp ... là N đồng chí"
    ("Năm 2024, Đảng bộ huyện Tiên Yên có 1.234 quần chúng ưu tú được kết nạp vào Đảng.", ["Đảng bộ huyện Tiên Yên"],
     [("new_members", 1234, None, "exact", False, "2024", "Đảng bộ huyện Tiên Yên")]),
    ("Số đảng viên mới kết nạp trong năm 2024 của Đảng bộ huyện Tiên Yên là 120 đồng chí.", ["Đảng bộ huyện Tiên Yên"],
     [("new_members", 120, None, "exact", False, "2024", "Đảng bộ huyện Tiên Yên")]),
])
def test_vietnamese_counts(nlps, text, orgs, expected):
    assert rows(read(nlps["vi"], text, orgs)) == expected


@pytest.mark.parametrize("text", [
    "Trao tặng huy hiệu đảng cho 10 đảng viên.",
    "Hội nghị có 200 đại biểu tham dự.",
    "Đại hội thông qua danh sách bầu Ban Chấp hành gồm 21 đồng chí.",
    "Đảng bộ cử 4 đảng viên học lớp đảng viên mới.",
    "Đảng bộ 4 xã lên phường; 100% đại biểu nhất trí.",
    "120 đảng viên được trao Huy hiệu 30 năm tuổi Đảng.",
    "Hơn 100 đại biểu tham dự hội nghị về Đại hội Đảng các cấp.",
    "Ba năm qua ít nhất mỗi chi bộ đã kết nạp được 01 đảng viên mới.",
    "Giải thể Chi bộ cơ sở Phòng Y tế do không đủ 3 đảng viên chính thức theo quy định.",
    "Toàn tỉnh có 3.889 chi bộ đã hoàn thành đại hội.",
    "Bên cạnh đó, trong năm đã thành lập được 18 chi bộ ấp, khu phố có cấp ủy.",
    "4.400 đảng viên trong toàn Đảng bộ huyện đã tham dự lễ kỷ niệm.",
    "10 tổ chức cơ sở đảng được tặng bằng khen của Tỉnh ủy.",
    "Số đảng viên mới kết nạp đạt 80% kế hoạch năm.",
])
def test_vietnamese_non_counts(nlps, text):
    assert read(nlps["vi"], text) == []

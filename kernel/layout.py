"""The page-layout heuristics, in one typed, versioned, immutable settings object.

Where page numbers are printed, how tall a line of text may be, how large a seal is, how far
a signature field reaches: the page scan (pipeline/pagescan.py), the row reader
(pipeline/rowread.py), the seal and signature finders (pipeline/seals.py,
pipeline/signatures.py) and row grouping (kernel/geometry.py) read these values from
`LAYOUT` here, never from constants of their own.

Every length is relative to the page: a share of the page's (or the sheet's) width, height
or short side, a number of line heights, or points (1/72 inch on the printed page). None is
a number of pixels at one resolution: `PixelGrid` turns points into pixels at the resolution
a page was actually rendered at (`DOSSIER_SCAN_DPI` accepts 72–600; an oversized page is
rendered lower). Values given in points were tuned as pixels of a 200-dpi scan (the ink
mask at 100 px per inch), so at 200 dpi they give exactly those pixels again.

A page's reading depends on these values, so `Layout.fingerprint` (its version and a hash of
the sections a reading uses) is part of each OCR cache key (pipeline/reader.py): changing a
heuristic makes the cache read afresh the pages it changes, and only those (a 目录 row rule
does not throw away every whole-page read). Bump `version` with any deliberate change, so logs and reports
of cache misses say why.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PixelGrid:
    """How one page image is measured: its resolution, and that of the ink mask the page scan
    looks for lines on (the image shrunk by a whole `scale`)."""

    image_px_per_pt: float  # pixels of the rendered image per point of the page
    scale: int  # image pixels per mask pixel

    @property
    def mask_px_per_pt(self) -> float:
        return self.image_px_per_pt / self.scale

    def mask_px(self, length_pt: float, least: int = 1) -> int:
        """A length on the page, in mask pixels (at least `least`)."""
        return max(least, round(length_pt * self.mask_px_per_pt))

    def mask_area(self, area_pt2: float, least: int = 1) -> int:
        """An area on the page (points²), in mask pixels (at least `least`)."""
        return max(least, round(area_pt2 * self.mask_px_per_pt ** 2))

    def image_px(self, length_pt: float, least: int = 1) -> int:
        """A length on the page, in pixels of the rendered image (at least `least`)."""
        return max(least, round(length_pt * self.image_px_per_pt))


@dataclass(frozen=True)
class ScanLayout:
    """The cheap page scan: blank, orientation, skew, printed number, headings."""

    # The ink mask's resolution (px per inch): lines are found on the image shrunk by the whole
    # factor that brings it nearest this, by ratio (a 200-dpi page by 2, 150 dpi by 2, 300 by 3;
    # the factor changes at 141, 245, 346 dpi, far from the resolutions pages are rendered at,
    # so a pixel's rounding in a page's width never flips it). About 100 keeps the mask cheap
    # and still separates the strokes of a 9-pt footer; the mask's own small pixel thresholds
    # (pipeline/bands.py) hold at about this resolution.
    mask_dpi: float = 100.0
    # Top and bottom bands (share of the sheet's height) where page numbers are printed: an A4
    # page's header and footer lie within its outer ~90 pt of 842.
    band: float = 0.11
    # Heading candidates: lines starting in the top 40% of the sheet; a part's title sits high
    # on its first page, below a letterhead or a 附件 label at most.
    heading_zone: float = 0.40
    heading_lines: int = 4  # the first lines below the top band read as headings: title, subtitle, label
    # Less ink than this share of the page's area (about two characters) is a blank sheet.
    blank_ink: float = 1.5e-4
    # Degrees: skew below this is not corrected (OCR reads a line tilted this little as well),
    # and the skew search looks no further than `max_skew_deg` (a sheet fed by hand tilts less).
    min_skew_deg: float = 0.15
    max_skew_deg: float = 5.0
    # Text line heights, shares of the page's short side (A4: 595 pt): ~3.6 pt to ~32 pt. Taller
    # "lines" are photos or stamps.
    min_line_height: float = 0.006
    max_line_height: float = 0.054
    # Ink narrower or shorter than this is a speck, not a line (3 mask px at 100 dpi, ~0.8 mm).
    speck_pt: float = 2.16
    # Grey levels under the flattened paper that count as ink when the page's bands are looked
    # at again for a number the first look missed (a small grey "·6·" or "1" on tinted paper
    # loses most of its strokes to the usual 50 once the page is halved).
    faint_contrast: int = 30
    # Connected ink smaller than this area (points²) is scanner noise (3 mask px² at 100 dpi).
    ink_min_area_pt2: float = 1.5552
    # The paper's shading is estimated with a window wider than any glyph (31 mask px at
    # 100 dpi, ~8 mm), so uneven light and shadows are not taken for ink.
    paper_window_pt: float = 22.32
    # Straight strokes longer than this are table rules, underlines or frames and are taken
    # out before lines are found (40 mask px at 100 dpi, ~1 cm: longer than any glyph's stroke).
    rule_length_pt: float = 28.8
    # Inside a line, glyphs closer than this many line heights are one chunk: "第 5 页 共 40 页"
    # stays one, a phone number at the margin and the number in the centre do not.
    chunk_gap_lines: float = 1.5
    # A line wider than this many line heights that is this share ink or more is a photo's or a
    # stamp's edge, not text (a short one may be a bold digit, which is as dense).
    solid_lines: float = 4.0
    solid_ink: float = 0.8
    # A page lies on its side when smearing its ink along columns gives `columns_ratio` times
    # fewer pieces than along rows; the smear is about one character wide (9 mask px at 100 dpi).
    smear_pt: float = 6.48
    columns_ratio: float = 2.0
    # The sheet on a phone photo: rows where at least `sheet_share` of the row is paper-bright
    # (`sheet_bright` of the image's 95th-percentile brightness), sampled every `sheet_step_pt`.
    sheet_step_pt: float = 2.88
    sheet_bright: float = 0.6
    sheet_share: float = 1 / 3
    # A crop handed to the recogniser: padded by a quarter of a line height above and below
    # and half a line height at the sides (at least `crop_pad_*_pt`), and at most
    # `max_crop_aspect` line heights wide (≈ 20 CJK characters: a title or a footer item).
    crop_pad_y_lines: float = 0.25
    crop_pad_x_lines: float = 0.5
    crop_pad_y_pt: float = 1.44
    crop_pad_x_pt: float = 2.16
    max_crop_aspect: float = 20.0
    # Chunks of one line less than this many line heights apart are read as one group (a
    # letter-spaced title, "第 7 页 共 40 页"); a phone number at the margin never joins.
    group_gap_lines: float = 4.0
    # Text direction: the `direction_lines` widest chunks of at least `direction_chunk_lines`
    # line heights vote; a vote counts at the classifier's `direction_sure`; a page needs
    # `direction_votes` of them, `direction_agreement` agreeing, before its orientation is known.
    direction_lines: int = 10
    # A page voted upside down is voted again on the first `direction_worded` lines that read
    # as words, looked for among `direction_reach` times `direction_lines` widest chunks
    # (digits and marks fool the classifier; a roster of 30 rows and more has its masked ID
    # numbers as its 30 widest chunks, its words in the narrower cells after them).
    direction_reach: int = 10
    direction_worded: int = 6
    direction_chunk_lines: float = 3.0
    direction_sure: float = 0.9
    direction_votes: int = 3
    direction_agreement: float = 0.8
    # A piece says something about orientation when it is this many line heights wide (a lone
    # digit reads well either way up).
    wide_lines: float = 2.0
    # Mean confidence at which a head is taken to read upright; that the other way up needs
    # before a page is turned, and by how much it must beat the upright reading; how much worse
    # a flipped head may read when the direction classifier says flip.
    reads_well: float = 0.85
    turn_evidence: float = 0.75
    turn_margin: float = 0.1
    flip_tolerance: float = 0.05
    probe_lines: int = 3  # the widest lines read both ways up when the head says nothing
    # A page is illegible when at least `illegible_pieces` wide pieces read below this mean
    # confidence (a photo's two specks prove nothing).
    illegible: float = 0.5
    illegible_pieces: int = 3
    # A line read as text holds at least this many characters per line height of its width
    # (a character is about as wide as the line is high, a Latin one half that).
    text_fill: float = 0.25
    # Where a bare page number sits, as shares of the page's width: centred (within
    # `number_centre` of the middle) or at an outer margin (beyond `number_margin` from the
    # middle's side); a number ending a running footer lies right of `number_outer_edge`.
    number_centre: float = 0.12
    number_margin: float = 0.25
    number_outer_edge: float = 0.8
    # A piece is on the band's outermost line when within this of it (2 mask px at 100 dpi);
    # a text layer's boxes are exact, so there only `text_outermost_pt`.
    outermost_pt: float = 1.44
    text_outermost_pt: float = 0.02
    # Recognition confidence a page number needs: in explicit markup ("第5页"), bare and alone
    # where numbers sit, bare beside other footer text.
    number_markup_confidence: float = 0.5
    number_alone_confidence: float = 0.8
    number_bare_confidence: float = 0.9

    def grid(self, points_per_pixel: float) -> PixelGrid:
        """The grid of an image rendered at `points_per_pixel` (page width in points / image
        width in pixels, as rendered: never the dpi asked for)."""
        ratio = POINTS_PER_INCH / points_per_pixel / self.mask_dpi
        scale = max(1, math.floor(ratio))
        if ratio > math.sqrt(scale * (scale + 1)):  # nearer the next factor
            scale += 1
        return PixelGrid(image_px_per_pt=1 / points_per_pixel, scale=scale)


@dataclass(frozen=True)
class RowLayout:
    """Rows: a page read row by row (pipeline/rowread.py), boxes grouped into rows
    (kernel/geometry.py)."""

    # An ink line lower than this is a speck or a rule's remains, not a row (4 mask px at 100 dpi).
    min_row_height_pt: float = 2.88
    # A row's crop is padded by a third of its height (at least `row_pad_pt`): descenders and
    # the tops of tall glyphs that the mask's threshold lost.
    row_pad_lines: float = 1 / 3
    row_pad_pt: float = 2.16
    # A vertical strip with no ink this many line heights wide in the middle of a page's text is
    # the gutter of two columns: each column's rows are found on their own.
    min_gutter_lines: float = 0.8
    # A row this many typical line heights high whose emptiest middle row holds at most
    # `touching_valley` of its busiest row's ink is two lines touching (pipeline/bands.py
    # `split_touching_lines`).
    touching_lines: float = 1.6
    touching_valley: float = 0.05
    # Two boxes are on one row when they share this much of the smaller one's height, and
    # `tall_share` of the taller one's (a seal's ring text spanning two lines chains nothing).
    min_overlap: float = 0.5
    tall_share: float = 0.4
    # A box is compared with the boxes of this many rows above it: follows a skewed scan's line.
    lookback_rows: int = 3


@dataclass(frozen=True)
class ReadLayout:
    """A page read whole (pipeline/textblocks.py): the text detector looks only at the page's
    stretches of ink, not at its blank margins and blank half-pages."""

    # Rows with no ink this tall separate two stretches (about two blank lines of 10.5-pt
    # text): a paragraph's or a table's own gaps stay inside one stretch.
    block_gap_pt: float = 21.6
    # Each stretch is widened by this on every side: the detector sees a glyph's whole
    # neighbourhood, faint strokes the ink threshold lost included.
    block_margin_pt: float = 10.8
    # Stretches leaving less than a tenth of the page out: the page whole, in one pass.
    whole_page_share: float = 0.9


@dataclass(frozen=True)
class PerColour:
    """A threshold that differs for red seals and for grey ones (a black-and-white scan)."""

    red: float
    grey: float

    def of(self, colour: str) -> float:
        return self.red if colour == "red" else self.grey


@dataclass(frozen=True)
class SealLayout:
    """Finding seals (pipeline/seals.py): their ink, sizes and rims."""

    # Pixels across the page while searching: a seal is large, and a page then costs tens of
    # milliseconds. A working width, the same at every dpi (every size below is a share of it).
    work_width_px: int = 640
    # Red in OpenCV's hue circle (0..180): a hue up to `red_low` or from `red_high`. Brown frames
    # of licences and certificates (~17, dark) and yellowed paper (~20-30, unsaturated) lie between.
    red_low: int = 11
    red_high: int = 156
    min_saturation: int = 45  # faded seals still reach ~75; tinted paper stays under ~25
    # A dry orange-red pad, faded, turns orange (hue up to ~22): taken when it is pale, as faded
    # ink is; a licence's brown frame of that hue is dark.
    orange_high: int = 22
    pale: int = 212
    # A pad that ran dry over part of a seal leaves that part paler still (saturation ~30):
    # such ink counts where it continues red ink of the seal itself, and only while it adds no
    # more than `faded_growth` times that ink (tinted paper joined to a seal would add a page).
    faded_saturation: int = 30
    faded_growth: float = 3.0
    min_brightness: int = 110  # a dark brown desk around a photographed sheet is darker
    dark_ink: int = 35  # grey ink: this much darker than the paper
    # A faint grey rim: this much darker than the paper around it (the brightest within
    # `paper_window`, a share of the page's width: wider than a character's strokes).
    faint_ink: int = 16
    paper_window: float = 0.03
    # Centres a grey page's edges point at (Canny edges of the page shrunk by half, `ring_edge`
    # its upper gradient threshold), the `ring_candidates` most voted looked at as faint rims, each moved by up to
    # `ring_step` (a share of the page's width) to fit its rim, when at least
    # `ring_first_coverage` of a rim is inked round the voted centre itself.
    ring_edge: float = 40.0
    ring_candidates: int = 6
    ring_step: float = 0.003
    ring_first_coverage: float = 0.68
    # Ovals tried round such a centre, and midway between two (an oval's ends' centres of
    # curve): minor/major axis (财务专用章 40×30 mm, 发票专用章 40×28 mm) and turns of the major
    # axis from level.
    oval_ratios: tuple[float, ...] = (0.65, 0.75)
    oval_ratio_slack: float = 0.1  # a grey oval is no flatter than the flattest ratio less this
    oval_turns_deg: tuple[float, ...] = (0.0, -10.0, 10.0)
    # Sizes across the longer side, shares of the page's width: a unit's round or oval seal
    # (≥ ~20 mm on A4), a square name seal (≥ ~7 mm, at most `max_square`); nothing a page holds
    # is a seal above `max_size`.
    min_round: float = 0.09
    min_square: float = 0.035
    max_square: float = 0.2
    max_size: float = 0.34
    max_joined: float = 0.6  # a seal joined to print beside it is looked for in shapes up to this size
    max_oval: float = 0.25  # an oval seal (财务专用章 40×30 mm, at most ~45 mm long) is no longer than this
    min_axis_ratio: float = 0.45  # flatter shapes are words or lines, not seals
    round_ratio: float = 0.87  # minor/major axis at or above which a seal is round
    square_fill: float = 0.9  # hull area / rectangle area of a square outline (an ellipse gives π/4)
    square_min_ink: float = 0.04  # share of a square seal's middle its characters ink (an empty printed box has none)
    # The rim: share of its length with ink, longest break (degrees), thickness (median, share
    # of the radius); a red rim inked on less than `partial` of its length is part of a seal.
    rim_coverage: PerColour = field(default_factory=lambda: PerColour(red=0.6, grey=0.85))
    rim_max_gap: PerColour = field(default_factory=lambda: PerColour(red=45.0, grey=25.0))
    # A faded pad often leaves one dry arc and inks the rest of the rim whole: a red rim whose
    # only break is up to `one_break_max_gap` long, with all but `one_break_slack` of the rest inked.
    one_break_max_gap: float = 65.0
    one_break_slack: float = 0.05
    rim_max_thickness: float = 0.2
    partial: float = 0.8
    # An outline traced from a rim run into print (or blurred by deskewing) may lie a little
    # off the rim: one with at least `nudge_from` of its rim inked is moved (centre by
    # `ring_step`, axes by `nudge_axes`, turned by `nudge_turn_deg`) while that inks more of it,
    # at most `nudge_rounds` times, before it is judged.
    nudge_from: float = 0.68
    nudge_axes: float = 0.03
    nudge_turn_deg: float = 4.0
    nudge_rounds: int = 12
    # A grey seal is stamped on paper: between `around_from` and `around_reach` of its outline
    # the page's median is within `around_paper` grey levels of its paper (seals on the wild
    # factory's pages: 7–13 darker; ovals a photo's texture made: 32–98 darker).
    around_from: float = 1.15
    around_reach: float = 1.5
    around_paper: float = 20.0
    rim_samples: int = 96  # rays from the centre the rim is looked at along
    # A dry pad's specks are joined into strokes across this share of the page's width.
    red_join: float = 0.006
    # Straight strokes longer than this share of the page's width are a form's rules or a
    # licence's frame, taken out before shapes are traced.
    rule_length: float = 0.12
    # A point lies on a fitted circle or ellipse within this share of the page's width.
    arc_tolerance: float = 0.004
    # An outline is fitted an ellipse that at least this share of its points lie on.
    arc_share: float = 0.25


@dataclass(frozen=True)
class SignatureLayout:
    """A signature field (pipeline/signatures.py): where it is after its label, what ink in it
    counts. Lengths are in heights of the label's line, so a field scales with the print."""

    # The field starts this far right of the label (or the printed name after it) and reaches
    # `field_width_lines` beyond; people sign larger than the print, so it reaches
    # `above_lines` above the line and `below_lines` below.
    field_start_lines: float = 0.3
    field_width_lines: float = 9.0
    above_lines: float = 1.1
    below_lines: float = 0.7
    # A line read as words but taller than this many times the page's lines of print is a
    # signature read as words, not print.
    print_height_ratio: float = 1.3
    pen_darkness: int = 95  # ink this much darker than the paper is a pen's (a seal turned grey is lighter)
    min_ink: float = 0.012  # share of the field's area in strokes for it to be signed
    # Straight strokes longer than this many line heights (at least `min_rule_pt`) are rules to
    # sign on; strokes thinner than `speckle_pt` are scanner speckle.
    rule_length_lines: float = 4.0
    min_rule_pt: float = 2.88
    speckle_pt: float = 0.72
    # A blank field this much under the unit's seal is not surely blank (a name seal may be in it).
    covered: float = 0.3
    seal_margin: float = 1.05  # a unit seal's outline, grown by this, bounds the ink that is its own
    # A label the text detector cut short at a seal is read again this many line heights to the
    # right, with `label_pad_lines` above and below.
    label_reread_lines: float = 10.0
    label_pad_lines: float = 0.2
    # Rows read afresh around a seal: this many of its minor radii above and below its centre.
    seal_rows_radii: float = 1.4
    # A name seal (签名章) stamped inside the unit's seal: a square frame this many line
    # heights on a side and larger than the unit seal's ring characters (a 国 there has a
    # frame too; its star has none), near square, its sides inked along `name_seal_frame_red`
    # of their length together and each along at least `name_seal_side_red` (uneven ink
    # fades one).
    name_seal_min_lines: float = 1.1
    ring_text_radii: float = 0.42  # a unit seal's ring characters: at most this share of its (minor) radius
    name_seal_max_lines: float = 3.5
    name_seal_frame_red: float = 0.8
    name_seal_side_red: float = 0.6
    # The frame is looked for at sides `name_seal_side_step` apart in size and turns up to
    # `name_seal_turn` degrees, `name_seal_turn_step` apart. Its sides end at its corners:
    # `name_seal_beyond` of the side beyond each end is inked at most `name_seal_beyond_red`
    # on average (a table's rules run on); inside it, `name_seal_inset` of the side in from
    # the frame, its name inks at least `name_seal_min_inside` (an empty printed box has none).
    name_seal_line_contrast: float = 0.4  # its sides' ink less that of lines beside them: they are lines
    name_seal_filled: float = 0.95  # a name seal whose characters fill it to its frame inks this much inside
    name_seal_line_px: float = 30.0  # the frame is looked for at this many pixels a line (or finer)
    name_seal_side_step: float = 1.08
    name_seal_turn: int = 20  # degrees either way
    name_seal_turn_step: int = 5
    name_seal_beyond: float = 0.3
    name_seal_beyond_red: float = 0.4
    name_seal_inset: float = 0.2
    name_seal_min_inside: float = 0.08
    # A name seal whose frame is lost is read instead: lines read with at least
    # `name_seal_read_min` confidence whose centre lies within `name_seal_middle` of a unit
    # seal's radii (its ring text lies further out); a field signed so has this confidence.
    name_seal_read_min: float = 0.6
    name_seal_middle: float = 0.72
    name_seal_read_confidence: float = 0.7


@dataclass(frozen=True)
class Layout:
    """Every page-layout heuristic; `LAYOUT` is the one the program runs with."""

    version: str = "layout-1"
    scan: ScanLayout = field(default_factory=ScanLayout)
    rows: RowLayout = field(default_factory=RowLayout)
    seals: SealLayout = field(default_factory=SealLayout)
    signatures: SignatureLayout = field(default_factory=SignatureLayout)
    read: ReadLayout = field(default_factory=ReadLayout)

    def fingerprint(self, *sections: str) -> str:
        """The version and a hash of the named sections' values: equal for equal heuristics,
        different when any of them changes (part of every OCR cache key)."""
        values = json.dumps({name: asdict(getattr(self, name)) for name in sections}, sort_keys=True, ensure_ascii=False)
        return f"{self.version}-{hashlib.blake2b(values.encode(), digest_size=6).hexdigest()}"


LAYOUT = Layout()

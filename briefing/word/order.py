"""The order WordprocessingML gives the children of the elements briefing/word/ooxml.py adds to, and
putting an element in its place by it."""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# ECMA-376 Part 1, §17: Word refuses a file whose children are out of schema order, so each insertion
# finds its place by these.

PPR = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange "
)
RPR = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
    "vertAlign rtl cs em lang eastAsianLayout specVanish oMath "
)
SECTPR = _names(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
    "printerSettings "
)
TBLPR = _names(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription "
)
TCPR = _names(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark "
)
SETTINGS = _names(
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
    "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles "
    "stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView trackRevisions "
    "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
    "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
    "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
    "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
    "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
    "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
    "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
    "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
    "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids "
    "mathPr attachedSchema themeFontLang clrSchemeMapping "
)


def element(tag: str, **attributes: str | int) -> etree._Element:
    """<w:tag w:name="value" …/>; attribute names are given without the w: prefix."""
    return OxmlElement(f"w:{tag}", {qn(f"w:{name}"): str(value) for name, value in attributes.items()})


def put(parent: etree._Element, child: etree._Element, order: Sequence[str]) -> etree._Element:
    """Put `child` in its schema place under `parent`, replacing one of the same tag (repeatable ones aside)."""
    name = etree.QName(child).localname
    if name not in ("headerReference", "footerReference"):
        for old in parent.findall(qn(f"w:{name}")):
            parent.remove(old)
    later = set(order[order.index(name) + 1 :])
    for index, existing in enumerate(parent):
        if etree.QName(existing).localname in later:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def child(parent: etree._Element, tag: str, order: Sequence[str]) -> etree._Element:
    """The `tag` child of `parent`, added in its place when missing."""
    found = parent.find(qn(f"w:{tag}"))
    return found if found is not None else put(parent, element(tag), order)

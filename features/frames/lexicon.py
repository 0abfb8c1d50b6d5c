"""Frame cue lexicons: the TOML format, the built-in lexicon, a study's own
(``[features.frames] lexicon``, ``extend``) and the topic words it masks
(docs/frames.md)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.errors import ConfigError

if TYPE_CHECKING:
    from framing.config import Study
    from framing.features.frames import FramesOptions

# The residual frame: a sentence cues it exactly when it cues no other frame.
RESIDUAL = "other"
DEFAULT_LEXICON = Path(__file__).parent.parent / "lexicons" / "frames.toml"
# A cue word: letters, digits, inner apostrophes/hyphens/dots, optional trailing `*`.
_CUE_WORD = r"^[^\W_](?:[\w'\-.]*[^\W_])?\.?\*?$"


@dataclass(frozen=True)
class Frame:
    id: str
    label: str
    description: str
    version: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class FrameLexicon:
    """Frames in order; the residual `other` frame is always last and has no cues."""

    name: str
    version: str
    frames: tuple[Frame, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.frames)

    @property
    def substantive(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.frames if f.id != RESIDUAL)


def parse_lexicon(data: dict[str, Any], *, source: str) -> FrameLexicon:
    """A `FrameLexicon` from parsed TOML; `ConfigError` naming `source` when malformed.

    Root-level scalars are metadata (`name`, `version`, ...); every table is a frame.
    """
    frames = [
        _parse_frame(frame_id, table, source=source)
        for frame_id, table in data.items()
        if isinstance(table, dict)
    ]
    if not [f for f in frames if f.id != RESIDUAL]:
        raise ConfigError(f"{source}: no frame tables with cues; see docs/frames.md for the format")
    residual = next((f for f in frames if f.id == RESIDUAL), None)
    residual = residual or Frame(RESIDUAL, "Other", "Sentences cueing no other frame.", "1", ())
    return FrameLexicon(
        name=str(data.get("name", Path(source).stem)),
        version=str(data.get("version", "1")),
        frames=(*[f for f in frames if f.id != RESIDUAL], residual),
    )


def _parse_frame(frame_id: str, table: dict[str, Any], *, source: str) -> Frame:
    """One ``[frame_id]`` table of a lexicon file."""
    if not frame_id.replace("_", "").isalnum() or frame_id != frame_id.lower():
        raise ConfigError(f"{source}: [{frame_id}]: frame ids are lowercase letters, digits, _")
    cues = table.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise ConfigError(f"{source}: [{frame_id}].cues: must be a list of strings")
    if frame_id == RESIDUAL and cues:
        raise ConfigError(
            f"{source}: [{RESIDUAL}].cues: `{RESIDUAL}` is the residual frame (a sentence "
            "cueing no other frame) and takes no cues; put them under a new frame id"
        )
    return Frame(
        id=frame_id,
        label=str(table.get("label", frame_id)),
        description=str(table.get("description", "")),
        version=str(table.get("version", "1")),
        cues=tuple(_normalise_cues(cues, where=f"{source}: [{frame_id}].cues")),
    )


def _normalise_cues(cues: list[str], *, where: str) -> list[str]:
    """Cues lowercased, ’ as ', spaces collapsed, duplicates dropped (first kept)."""
    out: list[str] = []
    for cue in cues:
        words = cue.lower().replace("’", "'").split()
        if not words or not all(re.match(_CUE_WORD, w) for w in words):
            raise ConfigError(
                f"{where}: {cue!r} is not a cue; use words separated by spaces, "
                "optionally ending in * (e.g. 'econom*', 'human rights')"
            )
        normal = " ".join(words)
        if normal not in out:
            out.append(normal)
    return out


def load_lexicon(path: Path = DEFAULT_LEXICON, *, source: str | None = None) -> FrameLexicon:
    """Read a cue lexicon TOML file (the built-in one by default)."""
    shown = source or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{shown}: frame lexicon not found; fix features.frames.lexicon") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: invalid TOML frame lexicon: {exc}") from exc
    return parse_lexicon(data, source=shown)


def study_lexicon(study: Study, options: FramesOptions) -> FrameLexicon:
    """The study's lexicon: the built-in one or its replacement, plus `extend`."""
    if options.lexicon is not None:
        lexicon = load_lexicon(study.resolve(options.lexicon), source=options.lexicon)
    else:
        lexicon = load_lexicon()
    if not options.extend:
        return lexicon
    where = f"{study.source or 'config'}: features.frames.extend"
    unknown = sorted(set(options.extend) - set(lexicon.substantive))
    if unknown:
        raise ConfigError(
            f"{where}: unknown frame {unknown[0]!r}; frames: {', '.join(lexicon.substantive)}"
        )
    frames = []
    for frame in lexicon.frames:
        extra = _normalise_cues(list(options.extend.get(frame.id, ())), where=f"{where}.{frame.id}")
        cues = (*frame.cues, *[c for c in extra if c not in frame.cues])
        frames.append(Frame(frame.id, frame.label, frame.description, frame.version, cues))
    return FrameLexicon(lexicon.name, lexicon.version, tuple(frames))


def masked_words(study: Study, options: FramesOptions) -> frozenset[str]:
    """The study's topic words (lowercase, ’ as '), unless masking is off."""
    if not options.mask_topic_words:
        return frozenset()
    return frozenset(w.lower().replace("’", "'") for w in study.features.topic_words)

"""The benchmarks' peer for validation: V3 Standard image-to-video's input, written by hand.

The same fields, types, defaults, limits and cross-field rules as the generated
``V3StandardImageToVideoInput`` and the nested types it uses, in plain pydantic: what a
careful developer would write without falgen.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class MultiPromptElement(_Strict):
    prompt: str
    duration: Literal["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"] | None = "5"


class ComboElement(_Strict):
    frontal_image_url: str | None = None
    reference_image_urls: Annotated[list[str] | None, Field(min_length=1, max_length=3)] = None
    video_url: str | None = None
    voice_id: str | None = None

    @model_validator(mode="after")
    def _rules(self) -> ComboElement:
        if (self.frontal_image_url is None) == (self.video_url is None):
            raise ValueError("give exactly one of frontal_image_url or video_url")
        if self.frontal_image_url is not None and self.reference_image_urls is None:
            raise ValueError("reference_image_urls is required when frontal_image_url is given")
        if self.voice_id is not None and self.video_url is None:
            raise ValueError("voice_id is only allowed when video_url is given")
        return self


class ImageToVideoInput(_Strict):
    prompt: str | None = None
    multi_prompt: list[MultiPromptElement] | None = None
    start_image_url: str
    duration: Literal["3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"] | None = "5"
    generate_audio: bool | None = True
    end_image_url: str | None = None
    elements: list[ComboElement] | None = None
    shot_type: Literal["customize", "intelligent"] | None = "customize"
    negative_prompt: str | None = "blur, distort, and low quality"
    cfg_scale: Annotated[float | None, Field(ge=0, le=1)] = 0.5

    @model_validator(mode="after")
    def _rules(self) -> ImageToVideoInput:
        if (self.prompt is None) == (self.multi_prompt is None):
            raise ValueError("give exactly one of prompt or multi_prompt")
        if self.multi_prompt is not None and self.shot_type is None:
            raise ValueError("shot_type is required when multi_prompt is given")
        if self.elements and sum(1 for e in self.elements if e.video_url is not None) > 1:
            raise ValueError("at most 1 of the elements may have a video_url")
        return self

"""The clients: ``Kling`` (blocking) and ``AsyncKling``, one attribute path per endpoint.

    kling = Kling()  # credentials as fal_client finds them (FAL_KEY), or Kling(key=...)
    kling.ai_avatar.v2.pro(...)  # fal-ai/kling-video/ai-avatar/v2/pro
    kling.ai_avatar.v2.standard(...)  # fal-ai/kling-video/ai-avatar/v2/standard
    kling.create_voice(...)  # fal-ai/kling-video/create-voice
    kling.lipsync.audio_to_video(...)  # fal-ai/kling-video/lipsync/audio-to-video
    kling.lipsync.text_to_video(...)  # fal-ai/kling-video/lipsync/text-to-video
    kling.o1.image_to_video(...)  # fal-ai/kling-video/o1/image-to-video
    kling.o1.reference_to_video(...)  # fal-ai/kling-video/o1/reference-to-video
    kling.o1.standard.image_to_video(...)  # fal-ai/kling-video/o1/standard/image-to-video
    kling.o1.standard.reference_to_video(...)  # fal-ai/kling-video/o1/standard/reference-to-video
    kling.o1.standard.video_to_video.edit(...)  # fal-ai/kling-video/o1/standard/video-to-video/edit
    kling.o1.standard.video_to_video.reference(...)  # fal-ai/kling-video/o1/standard/video-to-video/reference
    kling.o1.video_to_video.edit(...)  # fal-ai/kling-video/o1/video-to-video/edit
    kling.o1.video_to_video.reference(...)  # fal-ai/kling-video/o1/video-to-video/reference
    kling.o3.uhd_4k.image_to_video(...)  # fal-ai/kling-video/o3/4k/image-to-video
    kling.o3.uhd_4k.reference_to_video(...)  # fal-ai/kling-video/o3/4k/reference-to-video
    kling.o3.uhd_4k.text_to_video(...)  # fal-ai/kling-video/o3/4k/text-to-video
    kling.o3.uhd_4k.video_to_video.edit(...)  # fal-ai/kling-video/o3/4k/video-to-video/edit
    kling.o3.pro.image_to_video(...)  # fal-ai/kling-video/o3/pro/image-to-video
    kling.o3.pro.reference_to_video(...)  # fal-ai/kling-video/o3/pro/reference-to-video
    kling.o3.pro.text_to_video(...)  # fal-ai/kling-video/o3/pro/text-to-video
    kling.o3.pro.video_to_video.edit(...)  # fal-ai/kling-video/o3/pro/video-to-video/edit
    kling.o3.pro.video_to_video.reference(...)  # fal-ai/kling-video/o3/pro/video-to-video/reference
    kling.o3.standard.image_to_video(...)  # fal-ai/kling-video/o3/standard/image-to-video
    kling.o3.standard.reference_to_video(...)  # fal-ai/kling-video/o3/standard/reference-to-video
    kling.o3.standard.text_to_video(...)  # fal-ai/kling-video/o3/standard/text-to-video
    kling.o3.standard.video_to_video.edit(...)  # fal-ai/kling-video/o3/standard/video-to-video/edit
    kling.o3.standard.video_to_video.reference(...)  # fal-ai/kling-video/o3/standard/video-to-video/reference
    kling.v1_5.pro.effects(...)  # fal-ai/kling-video/v1.5/pro/effects
    kling.v1_5.pro.image_to_video(...)  # fal-ai/kling-video/v1.5/pro/image-to-video
    kling.v1_5.pro.text_to_video(...)  # fal-ai/kling-video/v1.5/pro/text-to-video
    kling.v1_6.pro.effects(...)  # fal-ai/kling-video/v1.6/pro/effects
    kling.v1_6.pro.elements(...)  # fal-ai/kling-video/v1.6/pro/elements
    kling.v1_6.pro.image_to_video(...)  # fal-ai/kling-video/v1.6/pro/image-to-video
    kling.v1_6.pro.text_to_video(...)  # fal-ai/kling-video/v1.6/pro/text-to-video
    kling.v1_6.standard.effects(...)  # fal-ai/kling-video/v1.6/standard/effects
    kling.v1_6.standard.elements(...)  # fal-ai/kling-video/v1.6/standard/elements
    kling.v1_6.standard.image_to_video(...)  # fal-ai/kling-video/v1.6/standard/image-to-video
    kling.v1_6.standard.text_to_video(...)  # fal-ai/kling-video/v1.6/standard/text-to-video
    kling.v1.pro.ai_avatar(...)  # fal-ai/kling-video/v1/pro/ai-avatar
    kling.v1.standard.ai_avatar(...)  # fal-ai/kling-video/v1/standard/ai-avatar
    kling.v1.standard.effects(...)  # fal-ai/kling-video/v1/standard/effects
    kling.v1.standard.image_to_video(...)  # fal-ai/kling-video/v1/standard/image-to-video
    kling.v1.standard.text_to_video(...)  # fal-ai/kling-video/v1/standard/text-to-video
    kling.v1.tts(...)  # fal-ai/kling-video/v1/tts
    kling.v2_1.master.image_to_video(...)  # fal-ai/kling-video/v2.1/master/image-to-video
    kling.v2_1.master.text_to_video(...)  # fal-ai/kling-video/v2.1/master/text-to-video
    kling.v2_1.pro.image_to_video(...)  # fal-ai/kling-video/v2.1/pro/image-to-video
    kling.v2_1.standard.image_to_video(...)  # fal-ai/kling-video/v2.1/standard/image-to-video
    kling.v2_5_turbo.pro.image_to_video(...)  # fal-ai/kling-video/v2.5-turbo/pro/image-to-video
    kling.v2_5_turbo.pro.text_to_video(...)  # fal-ai/kling-video/v2.5-turbo/pro/text-to-video
    kling.v2_5_turbo.standard.image_to_video(...)  # fal-ai/kling-video/v2.5-turbo/standard/image-to-video
    kling.v2_6.pro.image_to_video(...)  # fal-ai/kling-video/v2.6/pro/image-to-video
    kling.v2_6.pro.motion_control(...)  # fal-ai/kling-video/v2.6/pro/motion-control
    kling.v2_6.pro.text_to_video(...)  # fal-ai/kling-video/v2.6/pro/text-to-video
    kling.v2_6.standard.motion_control(...)  # fal-ai/kling-video/v2.6/standard/motion-control
    kling.v2.master.image_to_video(...)  # fal-ai/kling-video/v2/master/image-to-video
    kling.v2.master.text_to_video(...)  # fal-ai/kling-video/v2/master/text-to-video
    kling.v3.uhd_4k.image_to_video(...)  # fal-ai/kling-video/v3/4k/image-to-video
    kling.v3.uhd_4k.text_to_video(...)  # fal-ai/kling-video/v3/4k/text-to-video
    kling.v3.pro.image_to_video(...)  # fal-ai/kling-video/v3/pro/image-to-video
    kling.v3.pro.motion_control(...)  # fal-ai/kling-video/v3/pro/motion-control
    kling.v3.pro.text_to_video(...)  # fal-ai/kling-video/v3/pro/text-to-video
    kling.v3.standard.image_to_video(...)  # fal-ai/kling-video/v3/standard/image-to-video
    kling.v3.standard.motion_control(...)  # fal-ai/kling-video/v3/standard/motion-control
    kling.v3.standard.text_to_video(...)  # fal-ai/kling-video/v3/standard/text-to-video
    kling.v3.turbo.pro.image_to_video(...)  # fal-ai/kling-video/v3/turbo/pro/image-to-video
    kling.v3.turbo.pro.text_to_video(...)  # fal-ai/kling-video/v3/turbo/pro/text-to-video
    kling.v3.turbo.standard.image_to_video(...)  # fal-ai/kling-video/v3/turbo/standard/image-to-video
    kling.v3.turbo.standard.text_to_video(...)  # fal-ai/kling-video/v3/turbo/standard/text-to-video
    kling.video_to_audio(...)  # fal-ai/kling-video/video-to-audio

An endpoint's models are built the first time its attribute is used, so a program pays
only for the endpoints it calls.
"""

# Generated by falgen from specs/. Do not edit.

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

from ._errors import KlingUsageError

if TYPE_CHECKING:
    import fal_client

    from ._queue import AsyncQueue, Queue

    from .endpoints.ai_avatar_v2_pro import AsyncAiAvatarV2Pro, AiAvatarV2Pro
    from .endpoints.ai_avatar_v2_standard import (
        AsyncAiAvatarV2Standard,
        AiAvatarV2Standard,
    )
    from .endpoints.create_voice import AsyncCreateVoice, CreateVoice
    from .endpoints.lipsync_audio_to_video import (
        AsyncLipsyncAudioToVideo,
        LipsyncAudioToVideo,
    )
    from .endpoints.lipsync_text_to_video import (
        AsyncLipsyncTextToVideo,
        LipsyncTextToVideo,
    )
    from .endpoints.o1_image_to_video import AsyncO1ImageToVideo, O1ImageToVideo
    from .endpoints.o1_reference_to_video import (
        AsyncO1ReferenceToVideo,
        O1ReferenceToVideo,
    )
    from .endpoints.o1_standard_image_to_video import (
        AsyncO1StandardImageToVideo,
        O1StandardImageToVideo,
    )
    from .endpoints.o1_standard_reference_to_video import (
        AsyncO1StandardReferenceToVideo,
        O1StandardReferenceToVideo,
    )
    from .endpoints.o1_standard_video_to_video_edit import (
        AsyncO1StandardVideoToVideoEdit,
        O1StandardVideoToVideoEdit,
    )
    from .endpoints.o1_standard_video_to_video_reference import (
        AsyncO1StandardVideoToVideoReference,
        O1StandardVideoToVideoReference,
    )
    from .endpoints.o1_video_to_video_edit import (
        AsyncO1VideoToVideoEdit,
        O1VideoToVideoEdit,
    )
    from .endpoints.o1_video_to_video_reference import (
        AsyncO1VideoToVideoReference,
        O1VideoToVideoReference,
    )
    from .endpoints.o3_uhd_4k_image_to_video import (
        AsyncO3Uhd4kImageToVideo,
        O3Uhd4kImageToVideo,
    )
    from .endpoints.o3_uhd_4k_reference_to_video import (
        AsyncO3Uhd4kReferenceToVideo,
        O3Uhd4kReferenceToVideo,
    )
    from .endpoints.o3_uhd_4k_text_to_video import (
        AsyncO3Uhd4kTextToVideo,
        O3Uhd4kTextToVideo,
    )
    from .endpoints.o3_uhd_4k_video_to_video_edit import (
        AsyncO3Uhd4kVideoToVideoEdit,
        O3Uhd4kVideoToVideoEdit,
    )
    from .endpoints.o3_pro_image_to_video import (
        AsyncO3ProImageToVideo,
        O3ProImageToVideo,
    )
    from .endpoints.o3_pro_reference_to_video import (
        AsyncO3ProReferenceToVideo,
        O3ProReferenceToVideo,
    )
    from .endpoints.o3_pro_text_to_video import AsyncO3ProTextToVideo, O3ProTextToVideo
    from .endpoints.o3_pro_video_to_video_edit import (
        AsyncO3ProVideoToVideoEdit,
        O3ProVideoToVideoEdit,
    )
    from .endpoints.o3_pro_video_to_video_reference import (
        AsyncO3ProVideoToVideoReference,
        O3ProVideoToVideoReference,
    )
    from .endpoints.o3_standard_image_to_video import (
        AsyncO3StandardImageToVideo,
        O3StandardImageToVideo,
    )
    from .endpoints.o3_standard_reference_to_video import (
        AsyncO3StandardReferenceToVideo,
        O3StandardReferenceToVideo,
    )
    from .endpoints.o3_standard_text_to_video import (
        AsyncO3StandardTextToVideo,
        O3StandardTextToVideo,
    )
    from .endpoints.o3_standard_video_to_video_edit import (
        AsyncO3StandardVideoToVideoEdit,
        O3StandardVideoToVideoEdit,
    )
    from .endpoints.o3_standard_video_to_video_reference import (
        AsyncO3StandardVideoToVideoReference,
        O3StandardVideoToVideoReference,
    )
    from .endpoints.v1_5_pro_effects import AsyncV15ProEffects, V15ProEffects
    from .endpoints.v1_5_pro_image_to_video import (
        AsyncV15ProImageToVideo,
        V15ProImageToVideo,
    )
    from .endpoints.v1_5_pro_text_to_video import (
        AsyncV15ProTextToVideo,
        V15ProTextToVideo,
    )
    from .endpoints.v1_6_pro_effects import AsyncV16ProEffects, V16ProEffects
    from .endpoints.v1_6_pro_elements import AsyncV16ProElements, V16ProElements
    from .endpoints.v1_6_pro_image_to_video import (
        AsyncV16ProImageToVideo,
        V16ProImageToVideo,
    )
    from .endpoints.v1_6_pro_text_to_video import (
        AsyncV16ProTextToVideo,
        V16ProTextToVideo,
    )
    from .endpoints.v1_6_standard_effects import (
        AsyncV16StandardEffects,
        V16StandardEffects,
    )
    from .endpoints.v1_6_standard_elements import (
        AsyncV16StandardElements,
        V16StandardElements,
    )
    from .endpoints.v1_6_standard_image_to_video import (
        AsyncV16StandardImageToVideo,
        V16StandardImageToVideo,
    )
    from .endpoints.v1_6_standard_text_to_video import (
        AsyncV16StandardTextToVideo,
        V16StandardTextToVideo,
    )
    from .endpoints.v1_pro_ai_avatar import AsyncV1ProAiAvatar, V1ProAiAvatar
    from .endpoints.v1_standard_ai_avatar import (
        AsyncV1StandardAiAvatar,
        V1StandardAiAvatar,
    )
    from .endpoints.v1_standard_effects import AsyncV1StandardEffects, V1StandardEffects
    from .endpoints.v1_standard_image_to_video import (
        AsyncV1StandardImageToVideo,
        V1StandardImageToVideo,
    )
    from .endpoints.v1_standard_text_to_video import (
        AsyncV1StandardTextToVideo,
        V1StandardTextToVideo,
    )
    from .endpoints.v1_tts import AsyncV1Tts, V1Tts
    from .endpoints.v2_1_master_image_to_video import (
        AsyncV21MasterImageToVideo,
        V21MasterImageToVideo,
    )
    from .endpoints.v2_1_master_text_to_video import (
        AsyncV21MasterTextToVideo,
        V21MasterTextToVideo,
    )
    from .endpoints.v2_1_pro_image_to_video import (
        AsyncV21ProImageToVideo,
        V21ProImageToVideo,
    )
    from .endpoints.v2_1_standard_image_to_video import (
        AsyncV21StandardImageToVideo,
        V21StandardImageToVideo,
    )
    from .endpoints.v2_5_turbo_pro_image_to_video import (
        AsyncV25TurboProImageToVideo,
        V25TurboProImageToVideo,
    )
    from .endpoints.v2_5_turbo_pro_text_to_video import (
        AsyncV25TurboProTextToVideo,
        V25TurboProTextToVideo,
    )
    from .endpoints.v2_5_turbo_standard_image_to_video import (
        AsyncV25TurboStandardImageToVideo,
        V25TurboStandardImageToVideo,
    )
    from .endpoints.v2_6_pro_image_to_video import (
        AsyncV26ProImageToVideo,
        V26ProImageToVideo,
    )
    from .endpoints.v2_6_pro_motion_control import (
        AsyncV26ProMotionControl,
        V26ProMotionControl,
    )
    from .endpoints.v2_6_pro_text_to_video import (
        AsyncV26ProTextToVideo,
        V26ProTextToVideo,
    )
    from .endpoints.v2_6_standard_motion_control import (
        AsyncV26StandardMotionControl,
        V26StandardMotionControl,
    )
    from .endpoints.v2_master_image_to_video import (
        AsyncV2MasterImageToVideo,
        V2MasterImageToVideo,
    )
    from .endpoints.v2_master_text_to_video import (
        AsyncV2MasterTextToVideo,
        V2MasterTextToVideo,
    )
    from .endpoints.v3_uhd_4k_image_to_video import (
        AsyncV3Uhd4kImageToVideo,
        V3Uhd4kImageToVideo,
    )
    from .endpoints.v3_uhd_4k_text_to_video import (
        AsyncV3Uhd4kTextToVideo,
        V3Uhd4kTextToVideo,
    )
    from .endpoints.v3_pro_image_to_video import (
        AsyncV3ProImageToVideo,
        V3ProImageToVideo,
    )
    from .endpoints.v3_pro_motion_control import (
        AsyncV3ProMotionControl,
        V3ProMotionControl,
    )
    from .endpoints.v3_pro_text_to_video import AsyncV3ProTextToVideo, V3ProTextToVideo
    from .endpoints.v3_standard_image_to_video import (
        AsyncV3StandardImageToVideo,
        V3StandardImageToVideo,
    )
    from .endpoints.v3_standard_motion_control import (
        AsyncV3StandardMotionControl,
        V3StandardMotionControl,
    )
    from .endpoints.v3_standard_text_to_video import (
        AsyncV3StandardTextToVideo,
        V3StandardTextToVideo,
    )
    from .endpoints.v3_turbo_pro_image_to_video import (
        AsyncV3TurboProImageToVideo,
        V3TurboProImageToVideo,
    )
    from .endpoints.v3_turbo_pro_text_to_video import (
        AsyncV3TurboProTextToVideo,
        V3TurboProTextToVideo,
    )
    from .endpoints.v3_turbo_standard_image_to_video import (
        AsyncV3TurboStandardImageToVideo,
        V3TurboStandardImageToVideo,
    )
    from .endpoints.v3_turbo_standard_text_to_video import (
        AsyncV3TurboStandardTextToVideo,
        V3TurboStandardTextToVideo,
    )
    from .endpoints.video_to_audio import AsyncVideoToAudio, VideoToAudio

__all__ = ["AsyncKling", "Kling"]


class AiAvatarV2Group:
    """Endpoints under ``fal-ai/kling-video/ai-avatar/v2``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AiAvatarV2Pro:
        """Kling Video Ai Avatar V2 — Pro (``fal-ai/kling-video/ai-avatar/v2/pro``)."""
        from .endpoints.ai_avatar_v2_pro import AiAvatarV2Pro

        return AiAvatarV2Pro(self._queue)

    @cached_property
    def standard(self) -> AiAvatarV2Standard:
        """Kling Video Ai Avatar V2 — Standard (``fal-ai/kling-video/ai-avatar/v2/standard``)."""
        from .endpoints.ai_avatar_v2_standard import AiAvatarV2Standard

        return AiAvatarV2Standard(self._queue)


class AiAvatarGroup:
    """Endpoints under ``fal-ai/kling-video/ai-avatar``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def v2(self) -> AiAvatarV2Group:
        """Endpoints under ``fal-ai/kling-video/ai-avatar/v2``."""
        return AiAvatarV2Group(self._queue)


class LipsyncGroup:
    """Endpoints under ``fal-ai/kling-video/lipsync``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def audio_to_video(self) -> LipsyncAudioToVideo:
        """Kling Video Lipsync — Audio To Video (``fal-ai/kling-video/lipsync/audio-to-video``)."""
        from .endpoints.lipsync_audio_to_video import LipsyncAudioToVideo

        return LipsyncAudioToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> LipsyncTextToVideo:
        """Kling Video Lipsync — Text To Video (``fal-ai/kling-video/lipsync/text-to-video``)."""
        from .endpoints.lipsync_text_to_video import LipsyncTextToVideo

        return LipsyncTextToVideo(self._queue)


class O1StandardVideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o1/standard/video-to-video``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> O1StandardVideoToVideoEdit:
        """Kling Video O1 Standard Video To Video — Edit (``fal-ai/kling-video/o1/standard/video-to-video/edit``)."""
        from .endpoints.o1_standard_video_to_video_edit import (
            O1StandardVideoToVideoEdit,
        )

        return O1StandardVideoToVideoEdit(self._queue)

    @cached_property
    def reference(self) -> O1StandardVideoToVideoReference:
        """Kling Video O1 Standard Video To Video — Reference (``fal-ai/kling-video/o1/standard/video-to-video/reference``)."""
        from .endpoints.o1_standard_video_to_video_reference import (
            O1StandardVideoToVideoReference,
        )

        return O1StandardVideoToVideoReference(self._queue)


class O1StandardGroup:
    """Endpoints under ``fal-ai/kling-video/o1/standard``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def video_to_video(self) -> O1StandardVideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o1/standard/video-to-video``."""
        return O1StandardVideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> O1StandardImageToVideo:
        """Kling Video O1 Standard — Image To Video (``fal-ai/kling-video/o1/standard/image-to-video``)."""
        from .endpoints.o1_standard_image_to_video import O1StandardImageToVideo

        return O1StandardImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> O1StandardReferenceToVideo:
        """Kling Video O1 Standard — Reference To Video (``fal-ai/kling-video/o1/standard/reference-to-video``)."""
        from .endpoints.o1_standard_reference_to_video import O1StandardReferenceToVideo

        return O1StandardReferenceToVideo(self._queue)


class O1VideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o1/video-to-video``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> O1VideoToVideoEdit:
        """Kling Video O1 Video To Video — Edit (``fal-ai/kling-video/o1/video-to-video/edit``)."""
        from .endpoints.o1_video_to_video_edit import O1VideoToVideoEdit

        return O1VideoToVideoEdit(self._queue)

    @cached_property
    def reference(self) -> O1VideoToVideoReference:
        """Kling Video O1 Video To Video — Reference (``fal-ai/kling-video/o1/video-to-video/reference``)."""
        from .endpoints.o1_video_to_video_reference import O1VideoToVideoReference

        return O1VideoToVideoReference(self._queue)


class O1Group:
    """Endpoints under ``fal-ai/kling-video/o1``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def standard(self) -> O1StandardGroup:
        """Endpoints under ``fal-ai/kling-video/o1/standard``."""
        return O1StandardGroup(self._queue)

    @cached_property
    def video_to_video(self) -> O1VideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o1/video-to-video``."""
        return O1VideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> O1ImageToVideo:
        """Kling Video O1 — Image To Video (``fal-ai/kling-video/o1/image-to-video``)."""
        from .endpoints.o1_image_to_video import O1ImageToVideo

        return O1ImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> O1ReferenceToVideo:
        """Kling Video O1 — Reference To Video (``fal-ai/kling-video/o1/reference-to-video``)."""
        from .endpoints.o1_reference_to_video import O1ReferenceToVideo

        return O1ReferenceToVideo(self._queue)


class O3ProVideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o3/pro/video-to-video``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> O3ProVideoToVideoEdit:
        """Kling Video O3 Pro Video To Video — Edit (``fal-ai/kling-video/o3/pro/video-to-video/edit``)."""
        from .endpoints.o3_pro_video_to_video_edit import O3ProVideoToVideoEdit

        return O3ProVideoToVideoEdit(self._queue)

    @cached_property
    def reference(self) -> O3ProVideoToVideoReference:
        """Kling Video O3 Pro Video To Video — Reference (``fal-ai/kling-video/o3/pro/video-to-video/reference``)."""
        from .endpoints.o3_pro_video_to_video_reference import (
            O3ProVideoToVideoReference,
        )

        return O3ProVideoToVideoReference(self._queue)


class O3ProGroup:
    """Endpoints under ``fal-ai/kling-video/o3/pro``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def video_to_video(self) -> O3ProVideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o3/pro/video-to-video``."""
        return O3ProVideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> O3ProImageToVideo:
        """Kling Video O3 Pro — Image To Video (``fal-ai/kling-video/o3/pro/image-to-video``)."""
        from .endpoints.o3_pro_image_to_video import O3ProImageToVideo

        return O3ProImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> O3ProReferenceToVideo:
        """Kling Video O3 Pro — Reference To Video (``fal-ai/kling-video/o3/pro/reference-to-video``)."""
        from .endpoints.o3_pro_reference_to_video import O3ProReferenceToVideo

        return O3ProReferenceToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> O3ProTextToVideo:
        """Kling Video O3 Pro — Text To Video (``fal-ai/kling-video/o3/pro/text-to-video``)."""
        from .endpoints.o3_pro_text_to_video import O3ProTextToVideo

        return O3ProTextToVideo(self._queue)


class O3StandardVideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o3/standard/video-to-video``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> O3StandardVideoToVideoEdit:
        """Kling Video O3 Standard Video To Video — Edit (``fal-ai/kling-video/o3/standard/video-to-video/edit``)."""
        from .endpoints.o3_standard_video_to_video_edit import (
            O3StandardVideoToVideoEdit,
        )

        return O3StandardVideoToVideoEdit(self._queue)

    @cached_property
    def reference(self) -> O3StandardVideoToVideoReference:
        """Kling Video O3 Standard Video To Video — Reference (``fal-ai/kling-video/o3/standard/video-to-video/reference``)."""
        from .endpoints.o3_standard_video_to_video_reference import (
            O3StandardVideoToVideoReference,
        )

        return O3StandardVideoToVideoReference(self._queue)


class O3StandardGroup:
    """Endpoints under ``fal-ai/kling-video/o3/standard``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def video_to_video(self) -> O3StandardVideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o3/standard/video-to-video``."""
        return O3StandardVideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> O3StandardImageToVideo:
        """Kling Video O3 Standard — Image To Video (``fal-ai/kling-video/o3/standard/image-to-video``)."""
        from .endpoints.o3_standard_image_to_video import O3StandardImageToVideo

        return O3StandardImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> O3StandardReferenceToVideo:
        """Kling Video O3 Standard — Reference To Video (``fal-ai/kling-video/o3/standard/reference-to-video``)."""
        from .endpoints.o3_standard_reference_to_video import O3StandardReferenceToVideo

        return O3StandardReferenceToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> O3StandardTextToVideo:
        """Kling Video O3 Standard — Text To Video (``fal-ai/kling-video/o3/standard/text-to-video``)."""
        from .endpoints.o3_standard_text_to_video import O3StandardTextToVideo

        return O3StandardTextToVideo(self._queue)


class O3Uhd4kVideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o3/4k/video-to-video``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> O3Uhd4kVideoToVideoEdit:
        """Kling Video 4K Video to Video Edit (``fal-ai/kling-video/o3/4k/video-to-video/edit``)."""
        from .endpoints.o3_uhd_4k_video_to_video_edit import O3Uhd4kVideoToVideoEdit

        return O3Uhd4kVideoToVideoEdit(self._queue)


class O3Uhd4kGroup:
    """Endpoints under ``fal-ai/kling-video/o3/4k``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def video_to_video(self) -> O3Uhd4kVideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o3/4k/video-to-video``."""
        return O3Uhd4kVideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> O3Uhd4kImageToVideo:
        """Kling Video O3 4k — Image To Video (``fal-ai/kling-video/o3/4k/image-to-video``)."""
        from .endpoints.o3_uhd_4k_image_to_video import O3Uhd4kImageToVideo

        return O3Uhd4kImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> O3Uhd4kReferenceToVideo:
        """Kling Video O3 4k — Reference To Video (``fal-ai/kling-video/o3/4k/reference-to-video``)."""
        from .endpoints.o3_uhd_4k_reference_to_video import O3Uhd4kReferenceToVideo

        return O3Uhd4kReferenceToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> O3Uhd4kTextToVideo:
        """Kling Video O3 4k — Text To Video (``fal-ai/kling-video/o3/4k/text-to-video``)."""
        from .endpoints.o3_uhd_4k_text_to_video import O3Uhd4kTextToVideo

        return O3Uhd4kTextToVideo(self._queue)


class O3Group:
    """Endpoints under ``fal-ai/kling-video/o3``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> O3ProGroup:
        """Endpoints under ``fal-ai/kling-video/o3/pro``."""
        return O3ProGroup(self._queue)

    @cached_property
    def standard(self) -> O3StandardGroup:
        """Endpoints under ``fal-ai/kling-video/o3/standard``."""
        return O3StandardGroup(self._queue)

    @cached_property
    def uhd_4k(self) -> O3Uhd4kGroup:
        """Endpoints under ``fal-ai/kling-video/o3/4k``."""
        return O3Uhd4kGroup(self._queue)


class V1ProGroup:
    """Endpoints under ``fal-ai/kling-video/v1/pro``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def ai_avatar(self) -> V1ProAiAvatar:
        """Kling Video V1 Pro — Ai Avatar (``fal-ai/kling-video/v1/pro/ai-avatar``)."""
        from .endpoints.v1_pro_ai_avatar import V1ProAiAvatar

        return V1ProAiAvatar(self._queue)


class V1StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v1/standard``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def ai_avatar(self) -> V1StandardAiAvatar:
        """Kling Video V1 Standard — Ai Avatar (``fal-ai/kling-video/v1/standard/ai-avatar``)."""
        from .endpoints.v1_standard_ai_avatar import V1StandardAiAvatar

        return V1StandardAiAvatar(self._queue)

    @cached_property
    def effects(self) -> V1StandardEffects:
        """Kling Video V1 Standard — Effects (``fal-ai/kling-video/v1/standard/effects``)."""
        from .endpoints.v1_standard_effects import V1StandardEffects

        return V1StandardEffects(self._queue)

    @cached_property
    def image_to_video(self) -> V1StandardImageToVideo:
        """Kling Video V1 Standard — Image To Video (``fal-ai/kling-video/v1/standard/image-to-video``)."""
        from .endpoints.v1_standard_image_to_video import V1StandardImageToVideo

        return V1StandardImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V1StandardTextToVideo:
        """Kling Video V1 Standard — Text To Video (``fal-ai/kling-video/v1/standard/text-to-video``)."""
        from .endpoints.v1_standard_text_to_video import V1StandardTextToVideo

        return V1StandardTextToVideo(self._queue)


class V1Group:
    """Endpoints under ``fal-ai/kling-video/v1``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> V1ProGroup:
        """Endpoints under ``fal-ai/kling-video/v1/pro``."""
        return V1ProGroup(self._queue)

    @cached_property
    def standard(self) -> V1StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v1/standard``."""
        return V1StandardGroup(self._queue)

    @cached_property
    def tts(self) -> V1Tts:
        """Kling Video V1 — Tts (``fal-ai/kling-video/v1/tts``)."""
        from .endpoints.v1_tts import V1Tts

        return V1Tts(self._queue)


class V15ProGroup:
    """Endpoints under ``fal-ai/kling-video/v1.5/pro``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def effects(self) -> V15ProEffects:
        """Kling Video V1.5 Pro — Effects (``fal-ai/kling-video/v1.5/pro/effects``)."""
        from .endpoints.v1_5_pro_effects import V15ProEffects

        return V15ProEffects(self._queue)

    @cached_property
    def image_to_video(self) -> V15ProImageToVideo:
        """Kling Video V1.5 Pro — Image To Video (``fal-ai/kling-video/v1.5/pro/image-to-video``)."""
        from .endpoints.v1_5_pro_image_to_video import V15ProImageToVideo

        return V15ProImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V15ProTextToVideo:
        """Kling Video V1.5 Pro — Text To Video (``fal-ai/kling-video/v1.5/pro/text-to-video``)."""
        from .endpoints.v1_5_pro_text_to_video import V15ProTextToVideo

        return V15ProTextToVideo(self._queue)


class V15Group:
    """Endpoints under ``fal-ai/kling-video/v1.5``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> V15ProGroup:
        """Endpoints under ``fal-ai/kling-video/v1.5/pro``."""
        return V15ProGroup(self._queue)


class V16ProGroup:
    """Endpoints under ``fal-ai/kling-video/v1.6/pro``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def effects(self) -> V16ProEffects:
        """Kling Video V1.6 Pro — Effects (``fal-ai/kling-video/v1.6/pro/effects``)."""
        from .endpoints.v1_6_pro_effects import V16ProEffects

        return V16ProEffects(self._queue)

    @cached_property
    def elements(self) -> V16ProElements:
        """Kling Video V1.6 Pro — Elements (``fal-ai/kling-video/v1.6/pro/elements``)."""
        from .endpoints.v1_6_pro_elements import V16ProElements

        return V16ProElements(self._queue)

    @cached_property
    def image_to_video(self) -> V16ProImageToVideo:
        """Kling Video V1.6 Pro — Image To Video (``fal-ai/kling-video/v1.6/pro/image-to-video``)."""
        from .endpoints.v1_6_pro_image_to_video import V16ProImageToVideo

        return V16ProImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V16ProTextToVideo:
        """Kling Video V1.6 Pro — Text To Video (``fal-ai/kling-video/v1.6/pro/text-to-video``)."""
        from .endpoints.v1_6_pro_text_to_video import V16ProTextToVideo

        return V16ProTextToVideo(self._queue)


class V16StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v1.6/standard``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def effects(self) -> V16StandardEffects:
        """Kling Video V1.6 Standard — Effects (``fal-ai/kling-video/v1.6/standard/effects``)."""
        from .endpoints.v1_6_standard_effects import V16StandardEffects

        return V16StandardEffects(self._queue)

    @cached_property
    def elements(self) -> V16StandardElements:
        """Kling Video V1.6 Standard — Elements (``fal-ai/kling-video/v1.6/standard/elements``)."""
        from .endpoints.v1_6_standard_elements import V16StandardElements

        return V16StandardElements(self._queue)

    @cached_property
    def image_to_video(self) -> V16StandardImageToVideo:
        """Kling Video V1.6 Standard — Image To Video (``fal-ai/kling-video/v1.6/standard/image-to-video``)."""
        from .endpoints.v1_6_standard_image_to_video import V16StandardImageToVideo

        return V16StandardImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V16StandardTextToVideo:
        """Kling Video V1.6 Standard — Text To Video (``fal-ai/kling-video/v1.6/standard/text-to-video``)."""
        from .endpoints.v1_6_standard_text_to_video import V16StandardTextToVideo

        return V16StandardTextToVideo(self._queue)


class V16Group:
    """Endpoints under ``fal-ai/kling-video/v1.6``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> V16ProGroup:
        """Endpoints under ``fal-ai/kling-video/v1.6/pro``."""
        return V16ProGroup(self._queue)

    @cached_property
    def standard(self) -> V16StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v1.6/standard``."""
        return V16StandardGroup(self._queue)


class V2MasterGroup:
    """Endpoints under ``fal-ai/kling-video/v2/master``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V2MasterImageToVideo:
        """Kling Video V2 Master — Image To Video (``fal-ai/kling-video/v2/master/image-to-video``)."""
        from .endpoints.v2_master_image_to_video import V2MasterImageToVideo

        return V2MasterImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V2MasterTextToVideo:
        """Kling Video V2 Master — Text To Video (``fal-ai/kling-video/v2/master/text-to-video``)."""
        from .endpoints.v2_master_text_to_video import V2MasterTextToVideo

        return V2MasterTextToVideo(self._queue)


class V2Group:
    """Endpoints under ``fal-ai/kling-video/v2``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def master(self) -> V2MasterGroup:
        """Endpoints under ``fal-ai/kling-video/v2/master``."""
        return V2MasterGroup(self._queue)


class V21MasterGroup:
    """Endpoints under ``fal-ai/kling-video/v2.1/master``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V21MasterImageToVideo:
        """Kling Video V2.1 Master — Image To Video (``fal-ai/kling-video/v2.1/master/image-to-video``)."""
        from .endpoints.v2_1_master_image_to_video import V21MasterImageToVideo

        return V21MasterImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V21MasterTextToVideo:
        """Kling Video V2.1 Master — Text To Video (``fal-ai/kling-video/v2.1/master/text-to-video``)."""
        from .endpoints.v2_1_master_text_to_video import V21MasterTextToVideo

        return V21MasterTextToVideo(self._queue)


class V21ProGroup:
    """Endpoints under ``fal-ai/kling-video/v2.1/pro``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V21ProImageToVideo:
        """Kling Video V2.1 Pro — Image To Video (``fal-ai/kling-video/v2.1/pro/image-to-video``)."""
        from .endpoints.v2_1_pro_image_to_video import V21ProImageToVideo

        return V21ProImageToVideo(self._queue)


class V21StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v2.1/standard``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V21StandardImageToVideo:
        """Kling Video V2.1 Standard — Image To Video (``fal-ai/kling-video/v2.1/standard/image-to-video``)."""
        from .endpoints.v2_1_standard_image_to_video import V21StandardImageToVideo

        return V21StandardImageToVideo(self._queue)


class V21Group:
    """Endpoints under ``fal-ai/kling-video/v2.1``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def master(self) -> V21MasterGroup:
        """Endpoints under ``fal-ai/kling-video/v2.1/master``."""
        return V21MasterGroup(self._queue)

    @cached_property
    def pro(self) -> V21ProGroup:
        """Endpoints under ``fal-ai/kling-video/v2.1/pro``."""
        return V21ProGroup(self._queue)

    @cached_property
    def standard(self) -> V21StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v2.1/standard``."""
        return V21StandardGroup(self._queue)


class V25TurboProGroup:
    """Endpoints under ``fal-ai/kling-video/v2.5-turbo/pro``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V25TurboProImageToVideo:
        """Kling Video V2.5 Turbo Pro — Image To Video (``fal-ai/kling-video/v2.5-turbo/pro/image-to-video``)."""
        from .endpoints.v2_5_turbo_pro_image_to_video import V25TurboProImageToVideo

        return V25TurboProImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V25TurboProTextToVideo:
        """Kling Video V2.5 Turbo Pro — Text To Video (``fal-ai/kling-video/v2.5-turbo/pro/text-to-video``)."""
        from .endpoints.v2_5_turbo_pro_text_to_video import V25TurboProTextToVideo

        return V25TurboProTextToVideo(self._queue)


class V25TurboStandardGroup:
    """Endpoints under ``fal-ai/kling-video/v2.5-turbo/standard``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V25TurboStandardImageToVideo:
        """Kling Video V2.5 Turbo Standard — Image To Video (``fal-ai/kling-video/v2.5-turbo/standard/image-to-video``)."""
        from .endpoints.v2_5_turbo_standard_image_to_video import (
            V25TurboStandardImageToVideo,
        )

        return V25TurboStandardImageToVideo(self._queue)


class V25TurboGroup:
    """Endpoints under ``fal-ai/kling-video/v2.5-turbo``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> V25TurboProGroup:
        """Endpoints under ``fal-ai/kling-video/v2.5-turbo/pro``."""
        return V25TurboProGroup(self._queue)

    @cached_property
    def standard(self) -> V25TurboStandardGroup:
        """Endpoints under ``fal-ai/kling-video/v2.5-turbo/standard``."""
        return V25TurboStandardGroup(self._queue)


class V26ProGroup:
    """Endpoints under ``fal-ai/kling-video/v2.6/pro``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V26ProImageToVideo:
        """Kling Video V2.6 Pro — Image To Video (``fal-ai/kling-video/v2.6/pro/image-to-video``)."""
        from .endpoints.v2_6_pro_image_to_video import V26ProImageToVideo

        return V26ProImageToVideo(self._queue)

    @cached_property
    def motion_control(self) -> V26ProMotionControl:
        """Kling Video V2.6 Pro — Motion Control (``fal-ai/kling-video/v2.6/pro/motion-control``)."""
        from .endpoints.v2_6_pro_motion_control import V26ProMotionControl

        return V26ProMotionControl(self._queue)

    @cached_property
    def text_to_video(self) -> V26ProTextToVideo:
        """Kling Video V2.6 Pro — Text To Video (``fal-ai/kling-video/v2.6/pro/text-to-video``)."""
        from .endpoints.v2_6_pro_text_to_video import V26ProTextToVideo

        return V26ProTextToVideo(self._queue)


class V26StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v2.6/standard``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def motion_control(self) -> V26StandardMotionControl:
        """Kling Video V2.6 Standard — Motion Control (``fal-ai/kling-video/v2.6/standard/motion-control``)."""
        from .endpoints.v2_6_standard_motion_control import V26StandardMotionControl

        return V26StandardMotionControl(self._queue)


class V26Group:
    """Endpoints under ``fal-ai/kling-video/v2.6``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> V26ProGroup:
        """Endpoints under ``fal-ai/kling-video/v2.6/pro``."""
        return V26ProGroup(self._queue)

    @cached_property
    def standard(self) -> V26StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v2.6/standard``."""
        return V26StandardGroup(self._queue)


class V3ProGroup:
    """Endpoints under ``fal-ai/kling-video/v3/pro``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V3ProImageToVideo:
        """Kling Video V3 Pro — Image To Video (``fal-ai/kling-video/v3/pro/image-to-video``)."""
        from .endpoints.v3_pro_image_to_video import V3ProImageToVideo

        return V3ProImageToVideo(self._queue)

    @cached_property
    def motion_control(self) -> V3ProMotionControl:
        """Kling Video V3 Pro — Motion Control (``fal-ai/kling-video/v3/pro/motion-control``)."""
        from .endpoints.v3_pro_motion_control import V3ProMotionControl

        return V3ProMotionControl(self._queue)

    @cached_property
    def text_to_video(self) -> V3ProTextToVideo:
        """Kling Video V3 Pro — Text To Video (``fal-ai/kling-video/v3/pro/text-to-video``)."""
        from .endpoints.v3_pro_text_to_video import V3ProTextToVideo

        return V3ProTextToVideo(self._queue)


class V3StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v3/standard``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V3StandardImageToVideo:
        """Kling Video V3 Standard — Image To Video (``fal-ai/kling-video/v3/standard/image-to-video``)."""
        from .endpoints.v3_standard_image_to_video import V3StandardImageToVideo

        return V3StandardImageToVideo(self._queue)

    @cached_property
    def motion_control(self) -> V3StandardMotionControl:
        """Kling Video V3 Standard — Motion Control (``fal-ai/kling-video/v3/standard/motion-control``)."""
        from .endpoints.v3_standard_motion_control import V3StandardMotionControl

        return V3StandardMotionControl(self._queue)

    @cached_property
    def text_to_video(self) -> V3StandardTextToVideo:
        """Kling Video V3 Standard — Text To Video (``fal-ai/kling-video/v3/standard/text-to-video``)."""
        from .endpoints.v3_standard_text_to_video import V3StandardTextToVideo

        return V3StandardTextToVideo(self._queue)


class V3TurboProGroup:
    """Endpoints under ``fal-ai/kling-video/v3/turbo/pro``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V3TurboProImageToVideo:
        """Kling Video V3 Turbo Pro — Image To Video (``fal-ai/kling-video/v3/turbo/pro/image-to-video``)."""
        from .endpoints.v3_turbo_pro_image_to_video import V3TurboProImageToVideo

        return V3TurboProImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V3TurboProTextToVideo:
        """Kling Video V3 Turbo Pro — Text To Video (``fal-ai/kling-video/v3/turbo/pro/text-to-video``)."""
        from .endpoints.v3_turbo_pro_text_to_video import V3TurboProTextToVideo

        return V3TurboProTextToVideo(self._queue)


class V3TurboStandardGroup:
    """Endpoints under ``fal-ai/kling-video/v3/turbo/standard``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V3TurboStandardImageToVideo:
        """Kling Video V3 Turbo Standard — Image To Video (``fal-ai/kling-video/v3/turbo/standard/image-to-video``)."""
        from .endpoints.v3_turbo_standard_image_to_video import (
            V3TurboStandardImageToVideo,
        )

        return V3TurboStandardImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V3TurboStandardTextToVideo:
        """Kling Video V3 Turbo Standard — Text To Video (``fal-ai/kling-video/v3/turbo/standard/text-to-video``)."""
        from .endpoints.v3_turbo_standard_text_to_video import (
            V3TurboStandardTextToVideo,
        )

        return V3TurboStandardTextToVideo(self._queue)


class V3TurboGroup:
    """Endpoints under ``fal-ai/kling-video/v3/turbo``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> V3TurboProGroup:
        """Endpoints under ``fal-ai/kling-video/v3/turbo/pro``."""
        return V3TurboProGroup(self._queue)

    @cached_property
    def standard(self) -> V3TurboStandardGroup:
        """Endpoints under ``fal-ai/kling-video/v3/turbo/standard``."""
        return V3TurboStandardGroup(self._queue)


class V3Uhd4kGroup:
    """Endpoints under ``fal-ai/kling-video/v3/4k``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> V3Uhd4kImageToVideo:
        """Kling Video V3 4k — Image To Video (``fal-ai/kling-video/v3/4k/image-to-video``)."""
        from .endpoints.v3_uhd_4k_image_to_video import V3Uhd4kImageToVideo

        return V3Uhd4kImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> V3Uhd4kTextToVideo:
        """Kling Video V3 4k — Text To Video (``fal-ai/kling-video/v3/4k/text-to-video``)."""
        from .endpoints.v3_uhd_4k_text_to_video import V3Uhd4kTextToVideo

        return V3Uhd4kTextToVideo(self._queue)


class V3Group:
    """Endpoints under ``fal-ai/kling-video/v3``."""

    def __init__(self, queue: Callable[[], Queue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> V3ProGroup:
        """Endpoints under ``fal-ai/kling-video/v3/pro``."""
        return V3ProGroup(self._queue)

    @cached_property
    def standard(self) -> V3StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v3/standard``."""
        return V3StandardGroup(self._queue)

    @cached_property
    def turbo(self) -> V3TurboGroup:
        """Endpoints under ``fal-ai/kling-video/v3/turbo``."""
        return V3TurboGroup(self._queue)

    @cached_property
    def uhd_4k(self) -> V3Uhd4kGroup:
        """Endpoints under ``fal-ai/kling-video/v3/4k``."""
        return V3Uhd4kGroup(self._queue)


class Kling:
    """Typed client for fal's Kling video endpoints.

    Every call validates its arguments before anything is sent and returns a typed output.

    Args:
        key: fal API key.  Without it, credentials are found the way ``fal_client`` finds
            them (the ``FAL_KEY`` environment variable, then ``fal auth login``).
        client: A configured ``fal_client.SyncClient`` whose key (and uploads) to use instead.
        default_timeout: Seconds each HTTP request to fal may take (submit, status polls,
            results, uploads' answers, downloads): an unanswered request ends the call
            with :class:`KlingTimeoutError` or :class:`KlingConnectionError`, keeping the
            request id.
        download_hosts: Hosts besides fal's own that output files may be downloaded
            from (``"cdn.example.com"``, ``"*.example.com"``); see :meth:`OutputFile.download`.

    One client holds one connection pool, shared by every call; ``with Kling() as kling:`` closes it.
    """

    def __init__(
        self,
        *,
        key: str | None = None,
        client: fal_client.SyncClient | None = None,
        default_timeout: float = 120.0,
        download_hosts: Iterable[str] = (),
    ) -> None:
        if key is not None and client is not None:
            raise KlingUsageError(
                "pass either key or client, not both; a client carries its own key"
            )
        if not default_timeout > 0:
            raise KlingUsageError(
                f"default_timeout must be a positive number of seconds, not {default_timeout!r}"
            )
        if isinstance(download_hosts, str):
            raise KlingUsageError(
                f"download_hosts takes a list of host names, not the string {download_hosts!r}"
            )
        self._options = (key, client, float(default_timeout), tuple(download_hosts))
        self._connection: Queue | None = None

    def _queue(self) -> Queue:
        # Built on first use: validating payloads never imports the HTTP stack.
        if self._connection is None:
            from ._queue import Queue

            key, client, timeout, hosts = self._options
            self._connection = Queue(
                key=key, client=client, default_timeout=timeout, download_hosts=hosts
            )
        return self._connection

    def close(self) -> None:
        """Close the client's connection pools."""
        if self._connection is not None:
            self._connection.close()

    def __enter__(self) -> Kling:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @cached_property
    def ai_avatar(self) -> AiAvatarGroup:
        """Endpoints under ``fal-ai/kling-video/ai-avatar``."""
        return AiAvatarGroup(self._queue)

    @cached_property
    def lipsync(self) -> LipsyncGroup:
        """Endpoints under ``fal-ai/kling-video/lipsync``."""
        return LipsyncGroup(self._queue)

    @cached_property
    def o1(self) -> O1Group:
        """Endpoints under ``fal-ai/kling-video/o1``."""
        return O1Group(self._queue)

    @cached_property
    def o3(self) -> O3Group:
        """Endpoints under ``fal-ai/kling-video/o3``."""
        return O3Group(self._queue)

    @cached_property
    def v1(self) -> V1Group:
        """Endpoints under ``fal-ai/kling-video/v1``."""
        return V1Group(self._queue)

    @cached_property
    def v1_5(self) -> V15Group:
        """Endpoints under ``fal-ai/kling-video/v1.5``."""
        return V15Group(self._queue)

    @cached_property
    def v1_6(self) -> V16Group:
        """Endpoints under ``fal-ai/kling-video/v1.6``."""
        return V16Group(self._queue)

    @cached_property
    def v2(self) -> V2Group:
        """Endpoints under ``fal-ai/kling-video/v2``."""
        return V2Group(self._queue)

    @cached_property
    def v2_1(self) -> V21Group:
        """Endpoints under ``fal-ai/kling-video/v2.1``."""
        return V21Group(self._queue)

    @cached_property
    def v2_5_turbo(self) -> V25TurboGroup:
        """Endpoints under ``fal-ai/kling-video/v2.5-turbo``."""
        return V25TurboGroup(self._queue)

    @cached_property
    def v2_6(self) -> V26Group:
        """Endpoints under ``fal-ai/kling-video/v2.6``."""
        return V26Group(self._queue)

    @cached_property
    def v3(self) -> V3Group:
        """Endpoints under ``fal-ai/kling-video/v3``."""
        return V3Group(self._queue)

    @cached_property
    def create_voice(self) -> CreateVoice:
        """Kling Video — Create Voice (``fal-ai/kling-video/create-voice``)."""
        from .endpoints.create_voice import CreateVoice

        return CreateVoice(self._queue)

    @cached_property
    def video_to_audio(self) -> VideoToAudio:
        """Kling Video — Video To Audio (``fal-ai/kling-video/video-to-audio``)."""
        from .endpoints.video_to_audio import VideoToAudio

        return VideoToAudio(self._queue)


class AsyncAiAvatarV2Group:
    """Endpoints under ``fal-ai/kling-video/ai-avatar/v2``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AsyncAiAvatarV2Pro:
        """Kling Video Ai Avatar V2 — Pro (``fal-ai/kling-video/ai-avatar/v2/pro``)."""
        from .endpoints.ai_avatar_v2_pro import AsyncAiAvatarV2Pro

        return AsyncAiAvatarV2Pro(self._queue)

    @cached_property
    def standard(self) -> AsyncAiAvatarV2Standard:
        """Kling Video Ai Avatar V2 — Standard (``fal-ai/kling-video/ai-avatar/v2/standard``)."""
        from .endpoints.ai_avatar_v2_standard import AsyncAiAvatarV2Standard

        return AsyncAiAvatarV2Standard(self._queue)


class AsyncAiAvatarGroup:
    """Endpoints under ``fal-ai/kling-video/ai-avatar``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def v2(self) -> AsyncAiAvatarV2Group:
        """Endpoints under ``fal-ai/kling-video/ai-avatar/v2``."""
        return AsyncAiAvatarV2Group(self._queue)


class AsyncLipsyncGroup:
    """Endpoints under ``fal-ai/kling-video/lipsync``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def audio_to_video(self) -> AsyncLipsyncAudioToVideo:
        """Kling Video Lipsync — Audio To Video (``fal-ai/kling-video/lipsync/audio-to-video``)."""
        from .endpoints.lipsync_audio_to_video import AsyncLipsyncAudioToVideo

        return AsyncLipsyncAudioToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncLipsyncTextToVideo:
        """Kling Video Lipsync — Text To Video (``fal-ai/kling-video/lipsync/text-to-video``)."""
        from .endpoints.lipsync_text_to_video import AsyncLipsyncTextToVideo

        return AsyncLipsyncTextToVideo(self._queue)


class AsyncO1StandardVideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o1/standard/video-to-video``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> AsyncO1StandardVideoToVideoEdit:
        """Kling Video O1 Standard Video To Video — Edit (``fal-ai/kling-video/o1/standard/video-to-video/edit``)."""
        from .endpoints.o1_standard_video_to_video_edit import (
            AsyncO1StandardVideoToVideoEdit,
        )

        return AsyncO1StandardVideoToVideoEdit(self._queue)

    @cached_property
    def reference(self) -> AsyncO1StandardVideoToVideoReference:
        """Kling Video O1 Standard Video To Video — Reference (``fal-ai/kling-video/o1/standard/video-to-video/reference``)."""
        from .endpoints.o1_standard_video_to_video_reference import (
            AsyncO1StandardVideoToVideoReference,
        )

        return AsyncO1StandardVideoToVideoReference(self._queue)


class AsyncO1StandardGroup:
    """Endpoints under ``fal-ai/kling-video/o1/standard``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def video_to_video(self) -> AsyncO1StandardVideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o1/standard/video-to-video``."""
        return AsyncO1StandardVideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> AsyncO1StandardImageToVideo:
        """Kling Video O1 Standard — Image To Video (``fal-ai/kling-video/o1/standard/image-to-video``)."""
        from .endpoints.o1_standard_image_to_video import AsyncO1StandardImageToVideo

        return AsyncO1StandardImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> AsyncO1StandardReferenceToVideo:
        """Kling Video O1 Standard — Reference To Video (``fal-ai/kling-video/o1/standard/reference-to-video``)."""
        from .endpoints.o1_standard_reference_to_video import (
            AsyncO1StandardReferenceToVideo,
        )

        return AsyncO1StandardReferenceToVideo(self._queue)


class AsyncO1VideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o1/video-to-video``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> AsyncO1VideoToVideoEdit:
        """Kling Video O1 Video To Video — Edit (``fal-ai/kling-video/o1/video-to-video/edit``)."""
        from .endpoints.o1_video_to_video_edit import AsyncO1VideoToVideoEdit

        return AsyncO1VideoToVideoEdit(self._queue)

    @cached_property
    def reference(self) -> AsyncO1VideoToVideoReference:
        """Kling Video O1 Video To Video — Reference (``fal-ai/kling-video/o1/video-to-video/reference``)."""
        from .endpoints.o1_video_to_video_reference import AsyncO1VideoToVideoReference

        return AsyncO1VideoToVideoReference(self._queue)


class AsyncO1Group:
    """Endpoints under ``fal-ai/kling-video/o1``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def standard(self) -> AsyncO1StandardGroup:
        """Endpoints under ``fal-ai/kling-video/o1/standard``."""
        return AsyncO1StandardGroup(self._queue)

    @cached_property
    def video_to_video(self) -> AsyncO1VideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o1/video-to-video``."""
        return AsyncO1VideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> AsyncO1ImageToVideo:
        """Kling Video O1 — Image To Video (``fal-ai/kling-video/o1/image-to-video``)."""
        from .endpoints.o1_image_to_video import AsyncO1ImageToVideo

        return AsyncO1ImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> AsyncO1ReferenceToVideo:
        """Kling Video O1 — Reference To Video (``fal-ai/kling-video/o1/reference-to-video``)."""
        from .endpoints.o1_reference_to_video import AsyncO1ReferenceToVideo

        return AsyncO1ReferenceToVideo(self._queue)


class AsyncO3ProVideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o3/pro/video-to-video``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> AsyncO3ProVideoToVideoEdit:
        """Kling Video O3 Pro Video To Video — Edit (``fal-ai/kling-video/o3/pro/video-to-video/edit``)."""
        from .endpoints.o3_pro_video_to_video_edit import AsyncO3ProVideoToVideoEdit

        return AsyncO3ProVideoToVideoEdit(self._queue)

    @cached_property
    def reference(self) -> AsyncO3ProVideoToVideoReference:
        """Kling Video O3 Pro Video To Video — Reference (``fal-ai/kling-video/o3/pro/video-to-video/reference``)."""
        from .endpoints.o3_pro_video_to_video_reference import (
            AsyncO3ProVideoToVideoReference,
        )

        return AsyncO3ProVideoToVideoReference(self._queue)


class AsyncO3ProGroup:
    """Endpoints under ``fal-ai/kling-video/o3/pro``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def video_to_video(self) -> AsyncO3ProVideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o3/pro/video-to-video``."""
        return AsyncO3ProVideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> AsyncO3ProImageToVideo:
        """Kling Video O3 Pro — Image To Video (``fal-ai/kling-video/o3/pro/image-to-video``)."""
        from .endpoints.o3_pro_image_to_video import AsyncO3ProImageToVideo

        return AsyncO3ProImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> AsyncO3ProReferenceToVideo:
        """Kling Video O3 Pro — Reference To Video (``fal-ai/kling-video/o3/pro/reference-to-video``)."""
        from .endpoints.o3_pro_reference_to_video import AsyncO3ProReferenceToVideo

        return AsyncO3ProReferenceToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncO3ProTextToVideo:
        """Kling Video O3 Pro — Text To Video (``fal-ai/kling-video/o3/pro/text-to-video``)."""
        from .endpoints.o3_pro_text_to_video import AsyncO3ProTextToVideo

        return AsyncO3ProTextToVideo(self._queue)


class AsyncO3StandardVideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o3/standard/video-to-video``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> AsyncO3StandardVideoToVideoEdit:
        """Kling Video O3 Standard Video To Video — Edit (``fal-ai/kling-video/o3/standard/video-to-video/edit``)."""
        from .endpoints.o3_standard_video_to_video_edit import (
            AsyncO3StandardVideoToVideoEdit,
        )

        return AsyncO3StandardVideoToVideoEdit(self._queue)

    @cached_property
    def reference(self) -> AsyncO3StandardVideoToVideoReference:
        """Kling Video O3 Standard Video To Video — Reference (``fal-ai/kling-video/o3/standard/video-to-video/reference``)."""
        from .endpoints.o3_standard_video_to_video_reference import (
            AsyncO3StandardVideoToVideoReference,
        )

        return AsyncO3StandardVideoToVideoReference(self._queue)


class AsyncO3StandardGroup:
    """Endpoints under ``fal-ai/kling-video/o3/standard``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def video_to_video(self) -> AsyncO3StandardVideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o3/standard/video-to-video``."""
        return AsyncO3StandardVideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> AsyncO3StandardImageToVideo:
        """Kling Video O3 Standard — Image To Video (``fal-ai/kling-video/o3/standard/image-to-video``)."""
        from .endpoints.o3_standard_image_to_video import AsyncO3StandardImageToVideo

        return AsyncO3StandardImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> AsyncO3StandardReferenceToVideo:
        """Kling Video O3 Standard — Reference To Video (``fal-ai/kling-video/o3/standard/reference-to-video``)."""
        from .endpoints.o3_standard_reference_to_video import (
            AsyncO3StandardReferenceToVideo,
        )

        return AsyncO3StandardReferenceToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncO3StandardTextToVideo:
        """Kling Video O3 Standard — Text To Video (``fal-ai/kling-video/o3/standard/text-to-video``)."""
        from .endpoints.o3_standard_text_to_video import AsyncO3StandardTextToVideo

        return AsyncO3StandardTextToVideo(self._queue)


class AsyncO3Uhd4kVideoToVideoGroup:
    """Endpoints under ``fal-ai/kling-video/o3/4k/video-to-video``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def edit(self) -> AsyncO3Uhd4kVideoToVideoEdit:
        """Kling Video 4K Video to Video Edit (``fal-ai/kling-video/o3/4k/video-to-video/edit``)."""
        from .endpoints.o3_uhd_4k_video_to_video_edit import (
            AsyncO3Uhd4kVideoToVideoEdit,
        )

        return AsyncO3Uhd4kVideoToVideoEdit(self._queue)


class AsyncO3Uhd4kGroup:
    """Endpoints under ``fal-ai/kling-video/o3/4k``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def video_to_video(self) -> AsyncO3Uhd4kVideoToVideoGroup:
        """Endpoints under ``fal-ai/kling-video/o3/4k/video-to-video``."""
        return AsyncO3Uhd4kVideoToVideoGroup(self._queue)

    @cached_property
    def image_to_video(self) -> AsyncO3Uhd4kImageToVideo:
        """Kling Video O3 4k — Image To Video (``fal-ai/kling-video/o3/4k/image-to-video``)."""
        from .endpoints.o3_uhd_4k_image_to_video import AsyncO3Uhd4kImageToVideo

        return AsyncO3Uhd4kImageToVideo(self._queue)

    @cached_property
    def reference_to_video(self) -> AsyncO3Uhd4kReferenceToVideo:
        """Kling Video O3 4k — Reference To Video (``fal-ai/kling-video/o3/4k/reference-to-video``)."""
        from .endpoints.o3_uhd_4k_reference_to_video import AsyncO3Uhd4kReferenceToVideo

        return AsyncO3Uhd4kReferenceToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncO3Uhd4kTextToVideo:
        """Kling Video O3 4k — Text To Video (``fal-ai/kling-video/o3/4k/text-to-video``)."""
        from .endpoints.o3_uhd_4k_text_to_video import AsyncO3Uhd4kTextToVideo

        return AsyncO3Uhd4kTextToVideo(self._queue)


class AsyncO3Group:
    """Endpoints under ``fal-ai/kling-video/o3``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AsyncO3ProGroup:
        """Endpoints under ``fal-ai/kling-video/o3/pro``."""
        return AsyncO3ProGroup(self._queue)

    @cached_property
    def standard(self) -> AsyncO3StandardGroup:
        """Endpoints under ``fal-ai/kling-video/o3/standard``."""
        return AsyncO3StandardGroup(self._queue)

    @cached_property
    def uhd_4k(self) -> AsyncO3Uhd4kGroup:
        """Endpoints under ``fal-ai/kling-video/o3/4k``."""
        return AsyncO3Uhd4kGroup(self._queue)


class AsyncV1ProGroup:
    """Endpoints under ``fal-ai/kling-video/v1/pro``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def ai_avatar(self) -> AsyncV1ProAiAvatar:
        """Kling Video V1 Pro — Ai Avatar (``fal-ai/kling-video/v1/pro/ai-avatar``)."""
        from .endpoints.v1_pro_ai_avatar import AsyncV1ProAiAvatar

        return AsyncV1ProAiAvatar(self._queue)


class AsyncV1StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v1/standard``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def ai_avatar(self) -> AsyncV1StandardAiAvatar:
        """Kling Video V1 Standard — Ai Avatar (``fal-ai/kling-video/v1/standard/ai-avatar``)."""
        from .endpoints.v1_standard_ai_avatar import AsyncV1StandardAiAvatar

        return AsyncV1StandardAiAvatar(self._queue)

    @cached_property
    def effects(self) -> AsyncV1StandardEffects:
        """Kling Video V1 Standard — Effects (``fal-ai/kling-video/v1/standard/effects``)."""
        from .endpoints.v1_standard_effects import AsyncV1StandardEffects

        return AsyncV1StandardEffects(self._queue)

    @cached_property
    def image_to_video(self) -> AsyncV1StandardImageToVideo:
        """Kling Video V1 Standard — Image To Video (``fal-ai/kling-video/v1/standard/image-to-video``)."""
        from .endpoints.v1_standard_image_to_video import AsyncV1StandardImageToVideo

        return AsyncV1StandardImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV1StandardTextToVideo:
        """Kling Video V1 Standard — Text To Video (``fal-ai/kling-video/v1/standard/text-to-video``)."""
        from .endpoints.v1_standard_text_to_video import AsyncV1StandardTextToVideo

        return AsyncV1StandardTextToVideo(self._queue)


class AsyncV1Group:
    """Endpoints under ``fal-ai/kling-video/v1``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AsyncV1ProGroup:
        """Endpoints under ``fal-ai/kling-video/v1/pro``."""
        return AsyncV1ProGroup(self._queue)

    @cached_property
    def standard(self) -> AsyncV1StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v1/standard``."""
        return AsyncV1StandardGroup(self._queue)

    @cached_property
    def tts(self) -> AsyncV1Tts:
        """Kling Video V1 — Tts (``fal-ai/kling-video/v1/tts``)."""
        from .endpoints.v1_tts import AsyncV1Tts

        return AsyncV1Tts(self._queue)


class AsyncV15ProGroup:
    """Endpoints under ``fal-ai/kling-video/v1.5/pro``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def effects(self) -> AsyncV15ProEffects:
        """Kling Video V1.5 Pro — Effects (``fal-ai/kling-video/v1.5/pro/effects``)."""
        from .endpoints.v1_5_pro_effects import AsyncV15ProEffects

        return AsyncV15ProEffects(self._queue)

    @cached_property
    def image_to_video(self) -> AsyncV15ProImageToVideo:
        """Kling Video V1.5 Pro — Image To Video (``fal-ai/kling-video/v1.5/pro/image-to-video``)."""
        from .endpoints.v1_5_pro_image_to_video import AsyncV15ProImageToVideo

        return AsyncV15ProImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV15ProTextToVideo:
        """Kling Video V1.5 Pro — Text To Video (``fal-ai/kling-video/v1.5/pro/text-to-video``)."""
        from .endpoints.v1_5_pro_text_to_video import AsyncV15ProTextToVideo

        return AsyncV15ProTextToVideo(self._queue)


class AsyncV15Group:
    """Endpoints under ``fal-ai/kling-video/v1.5``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AsyncV15ProGroup:
        """Endpoints under ``fal-ai/kling-video/v1.5/pro``."""
        return AsyncV15ProGroup(self._queue)


class AsyncV16ProGroup:
    """Endpoints under ``fal-ai/kling-video/v1.6/pro``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def effects(self) -> AsyncV16ProEffects:
        """Kling Video V1.6 Pro — Effects (``fal-ai/kling-video/v1.6/pro/effects``)."""
        from .endpoints.v1_6_pro_effects import AsyncV16ProEffects

        return AsyncV16ProEffects(self._queue)

    @cached_property
    def elements(self) -> AsyncV16ProElements:
        """Kling Video V1.6 Pro — Elements (``fal-ai/kling-video/v1.6/pro/elements``)."""
        from .endpoints.v1_6_pro_elements import AsyncV16ProElements

        return AsyncV16ProElements(self._queue)

    @cached_property
    def image_to_video(self) -> AsyncV16ProImageToVideo:
        """Kling Video V1.6 Pro — Image To Video (``fal-ai/kling-video/v1.6/pro/image-to-video``)."""
        from .endpoints.v1_6_pro_image_to_video import AsyncV16ProImageToVideo

        return AsyncV16ProImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV16ProTextToVideo:
        """Kling Video V1.6 Pro — Text To Video (``fal-ai/kling-video/v1.6/pro/text-to-video``)."""
        from .endpoints.v1_6_pro_text_to_video import AsyncV16ProTextToVideo

        return AsyncV16ProTextToVideo(self._queue)


class AsyncV16StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v1.6/standard``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def effects(self) -> AsyncV16StandardEffects:
        """Kling Video V1.6 Standard — Effects (``fal-ai/kling-video/v1.6/standard/effects``)."""
        from .endpoints.v1_6_standard_effects import AsyncV16StandardEffects

        return AsyncV16StandardEffects(self._queue)

    @cached_property
    def elements(self) -> AsyncV16StandardElements:
        """Kling Video V1.6 Standard — Elements (``fal-ai/kling-video/v1.6/standard/elements``)."""
        from .endpoints.v1_6_standard_elements import AsyncV16StandardElements

        return AsyncV16StandardElements(self._queue)

    @cached_property
    def image_to_video(self) -> AsyncV16StandardImageToVideo:
        """Kling Video V1.6 Standard — Image To Video (``fal-ai/kling-video/v1.6/standard/image-to-video``)."""
        from .endpoints.v1_6_standard_image_to_video import AsyncV16StandardImageToVideo

        return AsyncV16StandardImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV16StandardTextToVideo:
        """Kling Video V1.6 Standard — Text To Video (``fal-ai/kling-video/v1.6/standard/text-to-video``)."""
        from .endpoints.v1_6_standard_text_to_video import AsyncV16StandardTextToVideo

        return AsyncV16StandardTextToVideo(self._queue)


class AsyncV16Group:
    """Endpoints under ``fal-ai/kling-video/v1.6``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AsyncV16ProGroup:
        """Endpoints under ``fal-ai/kling-video/v1.6/pro``."""
        return AsyncV16ProGroup(self._queue)

    @cached_property
    def standard(self) -> AsyncV16StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v1.6/standard``."""
        return AsyncV16StandardGroup(self._queue)


class AsyncV2MasterGroup:
    """Endpoints under ``fal-ai/kling-video/v2/master``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV2MasterImageToVideo:
        """Kling Video V2 Master — Image To Video (``fal-ai/kling-video/v2/master/image-to-video``)."""
        from .endpoints.v2_master_image_to_video import AsyncV2MasterImageToVideo

        return AsyncV2MasterImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV2MasterTextToVideo:
        """Kling Video V2 Master — Text To Video (``fal-ai/kling-video/v2/master/text-to-video``)."""
        from .endpoints.v2_master_text_to_video import AsyncV2MasterTextToVideo

        return AsyncV2MasterTextToVideo(self._queue)


class AsyncV2Group:
    """Endpoints under ``fal-ai/kling-video/v2``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def master(self) -> AsyncV2MasterGroup:
        """Endpoints under ``fal-ai/kling-video/v2/master``."""
        return AsyncV2MasterGroup(self._queue)


class AsyncV21MasterGroup:
    """Endpoints under ``fal-ai/kling-video/v2.1/master``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV21MasterImageToVideo:
        """Kling Video V2.1 Master — Image To Video (``fal-ai/kling-video/v2.1/master/image-to-video``)."""
        from .endpoints.v2_1_master_image_to_video import AsyncV21MasterImageToVideo

        return AsyncV21MasterImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV21MasterTextToVideo:
        """Kling Video V2.1 Master — Text To Video (``fal-ai/kling-video/v2.1/master/text-to-video``)."""
        from .endpoints.v2_1_master_text_to_video import AsyncV21MasterTextToVideo

        return AsyncV21MasterTextToVideo(self._queue)


class AsyncV21ProGroup:
    """Endpoints under ``fal-ai/kling-video/v2.1/pro``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV21ProImageToVideo:
        """Kling Video V2.1 Pro — Image To Video (``fal-ai/kling-video/v2.1/pro/image-to-video``)."""
        from .endpoints.v2_1_pro_image_to_video import AsyncV21ProImageToVideo

        return AsyncV21ProImageToVideo(self._queue)


class AsyncV21StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v2.1/standard``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV21StandardImageToVideo:
        """Kling Video V2.1 Standard — Image To Video (``fal-ai/kling-video/v2.1/standard/image-to-video``)."""
        from .endpoints.v2_1_standard_image_to_video import AsyncV21StandardImageToVideo

        return AsyncV21StandardImageToVideo(self._queue)


class AsyncV21Group:
    """Endpoints under ``fal-ai/kling-video/v2.1``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def master(self) -> AsyncV21MasterGroup:
        """Endpoints under ``fal-ai/kling-video/v2.1/master``."""
        return AsyncV21MasterGroup(self._queue)

    @cached_property
    def pro(self) -> AsyncV21ProGroup:
        """Endpoints under ``fal-ai/kling-video/v2.1/pro``."""
        return AsyncV21ProGroup(self._queue)

    @cached_property
    def standard(self) -> AsyncV21StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v2.1/standard``."""
        return AsyncV21StandardGroup(self._queue)


class AsyncV25TurboProGroup:
    """Endpoints under ``fal-ai/kling-video/v2.5-turbo/pro``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV25TurboProImageToVideo:
        """Kling Video V2.5 Turbo Pro — Image To Video (``fal-ai/kling-video/v2.5-turbo/pro/image-to-video``)."""
        from .endpoints.v2_5_turbo_pro_image_to_video import (
            AsyncV25TurboProImageToVideo,
        )

        return AsyncV25TurboProImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV25TurboProTextToVideo:
        """Kling Video V2.5 Turbo Pro — Text To Video (``fal-ai/kling-video/v2.5-turbo/pro/text-to-video``)."""
        from .endpoints.v2_5_turbo_pro_text_to_video import AsyncV25TurboProTextToVideo

        return AsyncV25TurboProTextToVideo(self._queue)


class AsyncV25TurboStandardGroup:
    """Endpoints under ``fal-ai/kling-video/v2.5-turbo/standard``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV25TurboStandardImageToVideo:
        """Kling Video V2.5 Turbo Standard — Image To Video (``fal-ai/kling-video/v2.5-turbo/standard/image-to-video``)."""
        from .endpoints.v2_5_turbo_standard_image_to_video import (
            AsyncV25TurboStandardImageToVideo,
        )

        return AsyncV25TurboStandardImageToVideo(self._queue)


class AsyncV25TurboGroup:
    """Endpoints under ``fal-ai/kling-video/v2.5-turbo``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AsyncV25TurboProGroup:
        """Endpoints under ``fal-ai/kling-video/v2.5-turbo/pro``."""
        return AsyncV25TurboProGroup(self._queue)

    @cached_property
    def standard(self) -> AsyncV25TurboStandardGroup:
        """Endpoints under ``fal-ai/kling-video/v2.5-turbo/standard``."""
        return AsyncV25TurboStandardGroup(self._queue)


class AsyncV26ProGroup:
    """Endpoints under ``fal-ai/kling-video/v2.6/pro``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV26ProImageToVideo:
        """Kling Video V2.6 Pro — Image To Video (``fal-ai/kling-video/v2.6/pro/image-to-video``)."""
        from .endpoints.v2_6_pro_image_to_video import AsyncV26ProImageToVideo

        return AsyncV26ProImageToVideo(self._queue)

    @cached_property
    def motion_control(self) -> AsyncV26ProMotionControl:
        """Kling Video V2.6 Pro — Motion Control (``fal-ai/kling-video/v2.6/pro/motion-control``)."""
        from .endpoints.v2_6_pro_motion_control import AsyncV26ProMotionControl

        return AsyncV26ProMotionControl(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV26ProTextToVideo:
        """Kling Video V2.6 Pro — Text To Video (``fal-ai/kling-video/v2.6/pro/text-to-video``)."""
        from .endpoints.v2_6_pro_text_to_video import AsyncV26ProTextToVideo

        return AsyncV26ProTextToVideo(self._queue)


class AsyncV26StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v2.6/standard``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def motion_control(self) -> AsyncV26StandardMotionControl:
        """Kling Video V2.6 Standard — Motion Control (``fal-ai/kling-video/v2.6/standard/motion-control``)."""
        from .endpoints.v2_6_standard_motion_control import (
            AsyncV26StandardMotionControl,
        )

        return AsyncV26StandardMotionControl(self._queue)


class AsyncV26Group:
    """Endpoints under ``fal-ai/kling-video/v2.6``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AsyncV26ProGroup:
        """Endpoints under ``fal-ai/kling-video/v2.6/pro``."""
        return AsyncV26ProGroup(self._queue)

    @cached_property
    def standard(self) -> AsyncV26StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v2.6/standard``."""
        return AsyncV26StandardGroup(self._queue)


class AsyncV3ProGroup:
    """Endpoints under ``fal-ai/kling-video/v3/pro``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV3ProImageToVideo:
        """Kling Video V3 Pro — Image To Video (``fal-ai/kling-video/v3/pro/image-to-video``)."""
        from .endpoints.v3_pro_image_to_video import AsyncV3ProImageToVideo

        return AsyncV3ProImageToVideo(self._queue)

    @cached_property
    def motion_control(self) -> AsyncV3ProMotionControl:
        """Kling Video V3 Pro — Motion Control (``fal-ai/kling-video/v3/pro/motion-control``)."""
        from .endpoints.v3_pro_motion_control import AsyncV3ProMotionControl

        return AsyncV3ProMotionControl(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV3ProTextToVideo:
        """Kling Video V3 Pro — Text To Video (``fal-ai/kling-video/v3/pro/text-to-video``)."""
        from .endpoints.v3_pro_text_to_video import AsyncV3ProTextToVideo

        return AsyncV3ProTextToVideo(self._queue)


class AsyncV3StandardGroup:
    """Endpoints under ``fal-ai/kling-video/v3/standard``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV3StandardImageToVideo:
        """Kling Video V3 Standard — Image To Video (``fal-ai/kling-video/v3/standard/image-to-video``)."""
        from .endpoints.v3_standard_image_to_video import AsyncV3StandardImageToVideo

        return AsyncV3StandardImageToVideo(self._queue)

    @cached_property
    def motion_control(self) -> AsyncV3StandardMotionControl:
        """Kling Video V3 Standard — Motion Control (``fal-ai/kling-video/v3/standard/motion-control``)."""
        from .endpoints.v3_standard_motion_control import AsyncV3StandardMotionControl

        return AsyncV3StandardMotionControl(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV3StandardTextToVideo:
        """Kling Video V3 Standard — Text To Video (``fal-ai/kling-video/v3/standard/text-to-video``)."""
        from .endpoints.v3_standard_text_to_video import AsyncV3StandardTextToVideo

        return AsyncV3StandardTextToVideo(self._queue)


class AsyncV3TurboProGroup:
    """Endpoints under ``fal-ai/kling-video/v3/turbo/pro``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV3TurboProImageToVideo:
        """Kling Video V3 Turbo Pro — Image To Video (``fal-ai/kling-video/v3/turbo/pro/image-to-video``)."""
        from .endpoints.v3_turbo_pro_image_to_video import AsyncV3TurboProImageToVideo

        return AsyncV3TurboProImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV3TurboProTextToVideo:
        """Kling Video V3 Turbo Pro — Text To Video (``fal-ai/kling-video/v3/turbo/pro/text-to-video``)."""
        from .endpoints.v3_turbo_pro_text_to_video import AsyncV3TurboProTextToVideo

        return AsyncV3TurboProTextToVideo(self._queue)


class AsyncV3TurboStandardGroup:
    """Endpoints under ``fal-ai/kling-video/v3/turbo/standard``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV3TurboStandardImageToVideo:
        """Kling Video V3 Turbo Standard — Image To Video (``fal-ai/kling-video/v3/turbo/standard/image-to-video``)."""
        from .endpoints.v3_turbo_standard_image_to_video import (
            AsyncV3TurboStandardImageToVideo,
        )

        return AsyncV3TurboStandardImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV3TurboStandardTextToVideo:
        """Kling Video V3 Turbo Standard — Text To Video (``fal-ai/kling-video/v3/turbo/standard/text-to-video``)."""
        from .endpoints.v3_turbo_standard_text_to_video import (
            AsyncV3TurboStandardTextToVideo,
        )

        return AsyncV3TurboStandardTextToVideo(self._queue)


class AsyncV3TurboGroup:
    """Endpoints under ``fal-ai/kling-video/v3/turbo``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AsyncV3TurboProGroup:
        """Endpoints under ``fal-ai/kling-video/v3/turbo/pro``."""
        return AsyncV3TurboProGroup(self._queue)

    @cached_property
    def standard(self) -> AsyncV3TurboStandardGroup:
        """Endpoints under ``fal-ai/kling-video/v3/turbo/standard``."""
        return AsyncV3TurboStandardGroup(self._queue)


class AsyncV3Uhd4kGroup:
    """Endpoints under ``fal-ai/kling-video/v3/4k``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def image_to_video(self) -> AsyncV3Uhd4kImageToVideo:
        """Kling Video V3 4k — Image To Video (``fal-ai/kling-video/v3/4k/image-to-video``)."""
        from .endpoints.v3_uhd_4k_image_to_video import AsyncV3Uhd4kImageToVideo

        return AsyncV3Uhd4kImageToVideo(self._queue)

    @cached_property
    def text_to_video(self) -> AsyncV3Uhd4kTextToVideo:
        """Kling Video V3 4k — Text To Video (``fal-ai/kling-video/v3/4k/text-to-video``)."""
        from .endpoints.v3_uhd_4k_text_to_video import AsyncV3Uhd4kTextToVideo

        return AsyncV3Uhd4kTextToVideo(self._queue)


class AsyncV3Group:
    """Endpoints under ``fal-ai/kling-video/v3``."""

    def __init__(self, queue: Callable[[], AsyncQueue]) -> None:
        self._queue = queue

    @cached_property
    def pro(self) -> AsyncV3ProGroup:
        """Endpoints under ``fal-ai/kling-video/v3/pro``."""
        return AsyncV3ProGroup(self._queue)

    @cached_property
    def standard(self) -> AsyncV3StandardGroup:
        """Endpoints under ``fal-ai/kling-video/v3/standard``."""
        return AsyncV3StandardGroup(self._queue)

    @cached_property
    def turbo(self) -> AsyncV3TurboGroup:
        """Endpoints under ``fal-ai/kling-video/v3/turbo``."""
        return AsyncV3TurboGroup(self._queue)

    @cached_property
    def uhd_4k(self) -> AsyncV3Uhd4kGroup:
        """Endpoints under ``fal-ai/kling-video/v3/4k``."""
        return AsyncV3Uhd4kGroup(self._queue)


class AsyncKling:
    """Asynchronous typed client for fal's Kling video endpoints.

    Every call validates its arguments before anything is sent and returns a typed output.

    Args:
        key: fal API key.  Without it, credentials are found the way ``fal_client`` finds
            them (the ``FAL_KEY`` environment variable, then ``fal auth login``).
        client: A configured ``fal_client.AsyncClient`` whose key (and uploads) to use instead.
        default_timeout: Seconds each HTTP request to fal may take (submit, status polls,
            results, uploads' answers, downloads): an unanswered request ends the call
            with :class:`KlingTimeoutError` or :class:`KlingConnectionError`, keeping the
            request id.
        download_hosts: Hosts besides fal's own that output files may be downloaded
            from (``"cdn.example.com"``, ``"*.example.com"``); see :meth:`OutputFile.download`.

    One client holds one connection pool, shared by every call; ``async with AsyncKling() as kling:`` closes it.
    """

    def __init__(
        self,
        *,
        key: str | None = None,
        client: fal_client.AsyncClient | None = None,
        default_timeout: float = 120.0,
        download_hosts: Iterable[str] = (),
    ) -> None:
        if key is not None and client is not None:
            raise KlingUsageError(
                "pass either key or client, not both; a client carries its own key"
            )
        if not default_timeout > 0:
            raise KlingUsageError(
                f"default_timeout must be a positive number of seconds, not {default_timeout!r}"
            )
        if isinstance(download_hosts, str):
            raise KlingUsageError(
                f"download_hosts takes a list of host names, not the string {download_hosts!r}"
            )
        self._options = (key, client, float(default_timeout), tuple(download_hosts))
        self._connection: AsyncQueue | None = None

    def _queue(self) -> AsyncQueue:
        # Built on first use: validating payloads never imports the HTTP stack.
        if self._connection is None:
            from ._queue import AsyncQueue

            key, client, timeout, hosts = self._options
            self._connection = AsyncQueue(
                key=key, client=client, default_timeout=timeout, download_hosts=hosts
            )
        return self._connection

    async def aclose(self) -> None:
        """Close the client's connection pools."""
        if self._connection is not None:
            await self._connection.aclose()

    async def __aenter__(self) -> AsyncKling:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    @cached_property
    def ai_avatar(self) -> AsyncAiAvatarGroup:
        """Endpoints under ``fal-ai/kling-video/ai-avatar``."""
        return AsyncAiAvatarGroup(self._queue)

    @cached_property
    def lipsync(self) -> AsyncLipsyncGroup:
        """Endpoints under ``fal-ai/kling-video/lipsync``."""
        return AsyncLipsyncGroup(self._queue)

    @cached_property
    def o1(self) -> AsyncO1Group:
        """Endpoints under ``fal-ai/kling-video/o1``."""
        return AsyncO1Group(self._queue)

    @cached_property
    def o3(self) -> AsyncO3Group:
        """Endpoints under ``fal-ai/kling-video/o3``."""
        return AsyncO3Group(self._queue)

    @cached_property
    def v1(self) -> AsyncV1Group:
        """Endpoints under ``fal-ai/kling-video/v1``."""
        return AsyncV1Group(self._queue)

    @cached_property
    def v1_5(self) -> AsyncV15Group:
        """Endpoints under ``fal-ai/kling-video/v1.5``."""
        return AsyncV15Group(self._queue)

    @cached_property
    def v1_6(self) -> AsyncV16Group:
        """Endpoints under ``fal-ai/kling-video/v1.6``."""
        return AsyncV16Group(self._queue)

    @cached_property
    def v2(self) -> AsyncV2Group:
        """Endpoints under ``fal-ai/kling-video/v2``."""
        return AsyncV2Group(self._queue)

    @cached_property
    def v2_1(self) -> AsyncV21Group:
        """Endpoints under ``fal-ai/kling-video/v2.1``."""
        return AsyncV21Group(self._queue)

    @cached_property
    def v2_5_turbo(self) -> AsyncV25TurboGroup:
        """Endpoints under ``fal-ai/kling-video/v2.5-turbo``."""
        return AsyncV25TurboGroup(self._queue)

    @cached_property
    def v2_6(self) -> AsyncV26Group:
        """Endpoints under ``fal-ai/kling-video/v2.6``."""
        return AsyncV26Group(self._queue)

    @cached_property
    def v3(self) -> AsyncV3Group:
        """Endpoints under ``fal-ai/kling-video/v3``."""
        return AsyncV3Group(self._queue)

    @cached_property
    def create_voice(self) -> AsyncCreateVoice:
        """Kling Video — Create Voice (``fal-ai/kling-video/create-voice``)."""
        from .endpoints.create_voice import AsyncCreateVoice

        return AsyncCreateVoice(self._queue)

    @cached_property
    def video_to_audio(self) -> AsyncVideoToAudio:
        """Kling Video — Video To Audio (``fal-ai/kling-video/video-to-audio``)."""
        from .endpoints.video_to_audio import AsyncVideoToAudio

        return AsyncVideoToAudio(self._queue)

"""The data model: the council's organisation, priorities and indicators, their values and history, actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints, so that migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


indicator_themes = Table(
    "indicator_themes",
    Base.metadata,
    Column("indicator_id", ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# A priority's basket: the indicators that give its high-level picture.
priority_indicators = Table(
    "priority_indicators",
    Base.metadata,
    Column("priority_id", ForeignKey("priorities.id", ondelete="CASCADE"), primary_key=True),
    Column("indicator_id", ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True, index=True),
)

action_indicators = Table(
    "action_indicators",
    Base.metadata,
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    Column("indicator_id", ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Directorate(Base):
    __tablename__ = "directorates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)

    services: Mapped[list[Service]] = relationship(back_populates="directorate", order_by="Service.name")


class Service(Base):
    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("directorate_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorates.id"))
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)  # unique council-wide: a URL names a service

    directorate: Mapped[Directorate] = relationship(back_populates="services")


class Theme(Base):
    """A cross-cutting subject, such as a Local Area Agreement block: what scrutiny filters by."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)


class Priority(Base):
    """A corporate priority, owning a basket of indicators."""

    __tablename__ = "priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)

    basket: Mapped[list[Indicator]] = relationship(secondary=priority_indicators, back_populates="priorities")


class Indicator(Base):
    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint("polarity IN ('higher', 'lower', 'band', 'none')", name="polarity"),
        CheckConstraint("frequency IN ('monthly', 'quarterly', 'annual')", name="frequency"),
        CheckConstraint("tolerance >= 0", name="tolerance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)  # URL-safe form of the code
    title: Mapped[str] = mapped_column(Text)
    definition: Mapped[str | None] = mapped_column(Text)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorates.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), index=True)
    unit: Mapped[str] = mapped_column(String(100))
    polarity: Mapped[str] = mapped_column(String(10))
    frequency: Mapped[str] = mapped_column(String(10))
    cumulative: Mapped[bool] = mapped_column(Boolean, default=False)
    tolerance: Mapped[float] = mapped_column(Float, default=5.0)
    tolerance_is_percent: Mapped[bool] = mapped_column(Boolean, default=True)
    owner: Mapped[str | None] = mapped_column(String(200))
    partnership: Mapped[bool] = mapped_column(Boolean, default=False)

    directorate: Mapped[Directorate] = relationship()
    service: Mapped[Service | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=indicator_themes, order_by="Theme.name")
    priorities: Mapped[list[Priority]] = relationship(secondary=priority_indicators, back_populates="basket",
                                                      order_by="Priority.name")


class ImportBatch(Base):
    """One file loaded by the importer: what changed, and when."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    loaded_by: Mapped[str | None] = mapped_column(String(200))
    rows: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)


class Value(Base):
    """One indicator in one period: actual, target (one figure, or a range for band indicators), commentary."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period_start"),
        Index("ix_indicator_values_period_start", "period_start"),
        CheckConstraint("status IN ('provisional', 'validated')", name="status"),
        CheckConstraint("target_low <= target_high", name="target_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)  # first day of the indicator's month, quarter or year
    actual: Mapped[float | None] = mapped_column(Float)
    target_low: Mapped[float | None] = mapped_column(Float)
    target_high: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)  # commentary: what happened, barriers, levers
    status: Mapped[str] = mapped_column(String(12), default="validated")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    recorded_by: Mapped[str | None] = mapped_column(String(200))  # a person, when not an import


class ValueHistory(Base):
    """A value as it was before it was replaced, and what replaced it (an import batch or a person)."""

    __tablename__ = "value_history"
    __table_args__ = (Index("ix_value_history_indicator_period", "indicator_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    actual: Mapped[float | None] = mapped_column(Float)
    target_low: Mapped[float | None] = mapped_column(Float)
    target_high: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_by_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    replaced_by: Mapped[str | None] = mapped_column(String(200))  # a person, when not an import


class Action(Base):
    """A service-plan, remedial or director-review action, serving a priority and/or indicators."""

    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint("kind IN ('service plan', 'remedial', 'director review')", name="kind"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
        CheckConstraint("start <= due", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorates.id"), index=True)
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("priorities.id"), index=True)
    owner: Mapped[str | None] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    due: Mapped[date] = mapped_column(Date)
    progress: Mapped[float] = mapped_column(Float, default=0.0)  # the latest reported % complete
    completed: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    directorate: Mapped[Directorate] = relationship()
    priority: Mapped[Priority | None] = relationship()
    indicators: Mapped[list[Indicator]] = relationship(secondary=action_indicators, order_by="Indicator.code")
    updates: Mapped[list[ActionUpdate]] = relationship(back_populates="action", order_by="ActionUpdate.as_of",
                                                       cascade="all, delete-orphan")


class ActionUpdate(Base):
    """Progress on an action as reported at a date: the history behind its progress."""

    __tablename__ = "action_updates"
    __table_args__ = (UniqueConstraint("action_id", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    as_of: Mapped[date] = mapped_column(Date)
    progress: Mapped[float] = mapped_column(Float)
    completed: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    recorded_by: Mapped[str | None] = mapped_column(String(200))

    action: Mapped[Action] = relationship(back_populates="updates")


class Snapshot(Base):
    """A report pack as reported to a meeting: what it showed (as JSON) and its HTML exactly as it went out.
    Never changed once stored (data/snapshots.py has no update); only the command line may delete one."""

    __tablename__ = "snapshots"
    __table_args__ = (
        CheckConstraint("audience IN ('cabinet', 'scrutiny')", name="audience"),
        CheckConstraint("scope_kind IN ('theme', 'directorate')", name="scope_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)  # the meeting's: "Cabinet 15 January 2009"
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    audience: Mapped[str] = mapped_column(String(20))
    scope_kind: Mapped[str | None] = mapped_column(String(20))  # None: the whole council
    scope_slug: Mapped[str | None] = mapped_column(String(200))
    scope_name: Mapped[str | None] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(20))  # the period asked, as labelled: "Q3 2008/09"
    as_at: Mapped[date] = mapped_column(Date)  # the first day of the month the pack is as at
    frozen_on: Mapped[date] = mapped_column(Date)  # the freeze's own date: part of the record, shown in the pack
    data_version: Mapped[str] = mapped_column(String(100))  # Store.data_version() when the pack was built
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # when it was stored
    pack_json: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))  # of the HTML's UTF-8 bytes


class SnapshotFigure(Base):
    """One indicator's figure as a snapshot showed it: for asking whether a reported figure was restated since."""

    __tablename__ = "snapshot_figures"
    __table_args__ = (
        CheckConstraint("rating IN ('Green', 'Amber', 'Red', 'No target', 'Data only', 'No data')", name="rating"),
    )

    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)
    period: Mapped[str] = mapped_column(String(20))  # the shown figure's own period, as labelled
    actual: Mapped[float | None] = mapped_column(Float)
    target_low: Mapped[float | None] = mapped_column(Float)
    target_high: Mapped[float | None] = mapped_column(Float)
    rating: Mapped[str] = mapped_column(String(20))
    due: Mapped[str | None] = mapped_column(String(20))  # the period whose return was late, where one was

from __future__ import annotations

import hashlib

import factory

from apps.learning.models import Course, Exercise, ExerciseVersion, Lesson, Module

TESTS = '''from solution import add


def test_adds():
    """Adds two numbers"""
    assert add(2, 3) == 5
'''
HIDDEN = '''from solution import add


def test_negative():
    """Adds negative numbers"""
    assert add(-2, -3) == -5
'''


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A course."
    published = True
    tracks = factory.LazyFunction(lambda: ["builders"])


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    slug = factory.Sequence(lambda n: f"module-{n}")
    title = factory.Sequence(lambda n: f"Module {n}")
    position = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    title = factory.Sequence(lambda n: f"Lesson {n}")
    body = "Some **text**."
    position = factory.Sequence(lambda n: n)


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise
        skip_postgeneration_save = True

    module = factory.SubFactory(ModuleFactory)
    slug = factory.Sequence(lambda n: f"exercise-{n}")
    title = factory.Sequence(lambda n: f"Exercise {n}")
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def version(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            v = ExerciseVersion.objects.create(
                exercise=obj,
                number=1,
                instructions="Write `add(a, b)`.",
                starter_code="def add(a, b):\n    pass\n",
                visible_tests=TESTS,
                hidden_tests=HIDDEN,
                solution="def add(a, b):\n    return a + b\n",
                hints=[{"test": "test_adds", "hint": "Use `+`."}],
                content_hash=hashlib.sha256(str(obj.pk).encode()).hexdigest(),
            )
            obj.current_version = v
            obj.save(update_fields=["current_version"])


def passed_result(n: int = 2) -> dict:
    return {
        "verdict": "passed",
        "summary": f"{n} of {n} tests passed",
        "tests": [{"name": f"t{i}", "status": "pass", "message": "", "output": ""} for i in range(n)],
        "duration_ms": 120,
    }


def failed_result() -> dict:
    return {
        "verdict": "failed",
        "summary": "0 of 1 tests passed",
        "tests": [
            {
                "name": "Adds two numbers",
                "status": "fail",
                "message": "Expected: 5\nGot:      None",
                "output": "",
            }
        ],
        "duration_ms": 90,
    }

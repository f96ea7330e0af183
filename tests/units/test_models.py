"""Units: code format, the materialised path, the parent rule and the headcount rule."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from tests.factories import UnitFactory, UnitProfileFactory
from units.models import Unit, UnitProfile


class UnitCodeTests(TestCase):
    def test_a_code_of_letters_and_digits_is_accepted(self):
        unit = Unit(
            code="360200001", name="景德镇市城市管理局", unit_type="administrative"
        )

        unit.full_clean()
        unit.save()

        self.assertEqual(Unit.objects.get(code="360200001"), unit)

    def test_full_clean_rejects_a_code_with_punctuation_in_chinese(self):
        unit = Unit(code="36-02", name="单位", unit_type="administrative")

        with self.assertRaises(ValidationError) as caught:
            unit.full_clean()

        self.assertEqual(
            caught.exception.message_dict["code"], ["单位编码应为 3–20 位字母或数字。"]
        )

    def test_the_database_rejects_codes_that_are_too_short_or_contain_spaces(self):
        for code in ["ab", "AB CD", "单位编码"]:
            with self.subTest(code=code):
                with self.assertRaises(IntegrityError), transaction.atomic():
                    Unit.objects.create(code=code, name="单位", unit_type="other")


class UnitTreeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = UnitFactory(code="D01", name="景德镇市城市管理局")
        cls.unit = UnitFactory(code="A01", name="下属单位甲", parent=cls.department)
        cls.grandchild = UnitFactory(code="G01", name="所属科室", parent=cls.unit)
        cls.sibling = UnitFactory(code="B01", name="下属单位乙", parent=cls.department)
        # A department whose code starts with another department's code.
        cls.lookalike = UnitFactory(code="D011", name="另一个部门")

    def test_the_path_lists_the_codes_from_the_department_down(self):
        self.assertEqual(self.department.path, "/D01/")
        self.assertEqual(self.unit.path, "/D01/A01/")
        self.assertEqual(self.grandchild.path, "/D01/A01/G01/")

    def test_a_subtree_holds_the_unit_and_everything_below_it_only(self):
        self.assertEqual(
            set(Unit.objects.subtree_of(self.department)),
            {self.department, self.unit, self.grandchild, self.sibling},
        )
        self.assertEqual(
            set(Unit.objects.subtree_of(self.unit)), {self.unit, self.grandchild}
        )

    def test_the_department_of_a_unit_is_the_root_of_its_tree(self):
        self.assertEqual(self.grandchild.department, self.department)
        self.assertEqual(self.department.department, self.department)

    def test_recoding_a_unit_updates_the_paths_below_it(self):
        self.unit.code = "A02"
        self.unit.save()

        self.grandchild.refresh_from_db()
        self.assertEqual(self.grandchild.path, "/D01/A02/G01/")

    def test_moving_a_unit_moves_its_subtree(self):
        self.unit.parent = self.lookalike
        self.unit.save()

        self.grandchild.refresh_from_db()
        self.assertEqual(self.grandchild.path, "/D011/A01/G01/")
        self.assertNotIn(self.grandchild, Unit.objects.subtree_of(self.department))


class UnitParentTests(TestCase):
    def setUp(self):
        self.department = UnitFactory(code="D01")
        self.unit = UnitFactory(code="A01", parent=self.department)

    def test_full_clean_refuses_a_unit_as_its_own_parent(self):
        self.unit.parent = self.unit

        with self.assertRaises(ValidationError) as caught:
            self.unit.full_clean()

        self.assertEqual(
            caught.exception.message_dict["parent"],
            ["上级单位不能是本单位或其下级单位。"],
        )

    def test_full_clean_refuses_a_parent_from_the_units_own_subtree(self):
        self.department.parent = self.unit

        with self.assertRaises(ValidationError) as caught:
            self.department.full_clean()

        self.assertIn("parent", caught.exception.message_dict)

    def test_the_database_refuses_a_unit_as_its_own_parent(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Unit.objects.filter(pk=self.unit.pk).update(parent=self.unit)


class UnitProfileTests(TestCase):
    def setUp(self):
        self.unit = UnitFactory(code="A01")

    def profile(self, **counts):
        values = {
            "staff_total": 53,
            "staff_in_service": 41,
            "staff_retired_li": 0,
            "staff_retired_tui": 12,
        }
        values.update(counts)
        return UnitProfile(unit=self.unit, year=2022, **values)

    def test_a_total_equal_to_its_parts_is_accepted(self):
        profile = self.profile()

        profile.full_clean()
        profile.save()

        self.assertEqual(UnitProfile.objects.get(unit=self.unit).staff_total, 53)

    def test_full_clean_names_the_total_and_each_part_when_they_differ(self):
        profile = self.profile(staff_total=54)

        with self.assertRaises(ValidationError) as caught:
            profile.full_clean()

        self.assertEqual(
            caught.exception.message_dict["staff_total"],
            ["年末实有人数 54 应等于在职 41 + 离休 0 + 退休 12 = 53。"],
        )

    def test_the_database_refuses_a_total_that_is_not_the_sum(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.profile(staff_total=54).save()

    def test_other_staff_are_not_part_of_the_total(self):
        profile = self.profile(staff_other=7)

        profile.full_clean()
        profile.save()

    def test_one_profile_per_unit_and_year(self):
        UnitProfileFactory(unit=self.unit, year=2022)

        with self.assertRaises(IntegrityError), transaction.atomic():
            UnitProfileFactory(unit=self.unit, year=2022)
